"""The stored marketing basis is the one the full query gives, whichever way a
contact is created, moved, copied, imported or merged, and whoever does it.

Issue 19 decides some bases without the query (a person just created under a
company, a contact's own consent): each test compares every contact concerned
with what the daily job's query for all contacts then gives. Found by trying to
break those shortcuts; a person moved into a company with documents of its own
left the company's basis stale before them too.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import Form, new_test_user, tagged

from .test_marketing_basis import BasisCase

FIELDS = (
    "marketing_basis",
    "marketing_basis_source",
    "marketing_basis_document",
    "marketing_basis_date",
    "marketing_basis_until",
)


@tagged("standard", "post_install", "-at_install")
class TestBasisByEveryWay(BasisCase):
    def _snapshot(self, partners):
        partners = partners.sudo().with_context(active_test=False)
        partners.env.flush_all()
        return {p.id: tuple(p[f] for f in FIELDS) for p in partners}

    def _check(self, partners):
        """Stored basis == what the full query gives (as the report expects)."""
        partners = partners.sudo().with_context(active_test=False)
        stored = self._snapshot(partners)
        self.env["res.partner"].sudo()._marketing_basis_update(all_partners=True)
        self.env.invalidate_all()
        full = self._snapshot(partners)
        diffs = {
            partners.browse(pid).display_name: (stored[pid], full[pid])
            for pid in stored
            if stored[pid] != full[pid]
        }
        self.assertFalse(diffs, "stored vs full query")

    def _withdrawn_in_another_company(self):
        """A person of no company who withdrew, the event recorded by another
        company than the salesperson's, and the customer implied."""
        self._invoice(2)  # customer: implied
        other_company = self.env["res.company"].create({"name": "Autre Société"})
        person = self.env["res.partner"].create({"name": "Paul Partagé"})
        self.env["res.partner.consent"].create(
            {
                "partner_id": person.id,
                "state": "withdrawn",
                "channel": "phone",
                "company_id": other_company.id,
                "date": fields.Datetime.now() - timedelta(days=3),
            }
        )
        self.env.invalidate_all()
        return person, other_company

    # 1. consent_ids cache filled by a user whose record rules hide events
    def test_event_of_another_company_hidden_by_rules(self):
        person, other_company = self._withdrawn_in_another_company()
        self.assertEqual(person.marketing_basis, "withdrawn")
        # a salesperson of the main company only opens the card, sets company
        salesman = self.salesman
        salesman.tz = "Pacific/Kiritimati"  # UTC+14: the basis counts UTC days
        self.assertNotIn(other_company, salesman.company_ids)
        with Form(person.with_user(salesman)) as form:
            form.parent_id = self.customer
        self._check(person | self.customer)

    def test_event_of_another_company_hidden_by_rules_orm(self):
        person, __ = self._withdrawn_in_another_company()
        as_salesman = person.with_user(self.salesman)
        self.assertFalse(as_salesman.consent_ids)  # hidden by the rule
        as_salesman.write({"parent_id": self.customer.id})
        self._check(person | self.customer)

    # 2. a person moved to another company with its own documents
    def test_person_with_own_invoice_moved_to_a_company_without_basis(self):
        person = self.env["res.partner"].create({"name": "Luc Client"})
        self._invoice(2, partner=person)
        self.assertEqual(person.marketing_basis, "implied")
        person.consent_ids  # noqa: B018  (the card read them)
        person.write({"parent_id": self.customer.id})
        self._check(person | self.customer)

    def test_person_with_own_opportunity_moved_to_a_company_without_basis(self):
        person = self.env["res.partner"].create({"name": "Luc Prospect"})
        self._opportunity(1, partner=person)
        person._marketing_basis_update()
        self.assertEqual(person.marketing_basis, "implied")
        person.consent_ids  # noqa: B018
        person.write({"parent_id": self.customer.id})
        self._check(person)

    def test_person_moved_by_form(self):
        person = self.env["res.partner"].create({"name": "Luc Client"})
        self._invoice(2, partner=person)
        with Form(person.with_user(self.salesman)) as form:
            form.parent_id = self.customer
        self._check(person)

    # 3. a person created with its events in the same create
    def test_person_created_with_events(self):
        self._invoice(2)
        person = self.env["res.partner"].create(
            {
                "name": "Anne Retrait",
                "parent_id": self.customer.id,
                "consent_ids": [
                    (0, 0, {"state": "withdrawn", "channel": "phone"}),
                ],
            }
        )
        self._check(person)

    def test_person_created_with_company_in_one_create(self):
        self._invoice(2, partner=self.contact)
        company = self.env["res.partner"].create(
            {
                "name": "Nouvelle Société",
                "is_company": True,
                "child_ids": [(0, 0, {"name": "Lise Nouvelle"})],
            }
        )
        person = company.child_ids
        person.write({"parent_id": self.customer.id})
        self._check(company | person)

    def test_other_legal_basis_then_moved(self):
        self._invoice(2)
        person = self.env["res.partner"].create({"name": "Marc Intérêt"})
        self._consent(person, "granted", legal_basis="legitimate_interest")
        person.write({"parent_id": self.customer.id})
        self._check(person)

    def test_copy_and_load(self):
        self._invoice(2)
        self._consent(self.contact, "withdrawn")
        copy = self.contact.copy()
        result = self.env["res.partner"].load(
            ["name", "parent_id/.id", "email"],
            [["Marc Importé", str(self.customer.id), "jeanne.achat@example.com"]],
        )
        self._check(copy | self.env["res.partner"].browse(result["ids"]))

    def test_address_under_person(self):
        person = self.env["res.partner"].create({"name": "Solo"})
        self._invoice(2, partner=person)
        address = self.env["res.partner"].create(
            {"name": "Facturation", "type": "invoice", "parent_id": person.id}
        )
        self._consent(person, "granted")
        address2 = self.env["res.partner"].create(
            {"name": "Livraison", "type": "delivery", "parent_id": person.id}
        )
        self._check(person | address | address2)

    def test_merge(self):
        self._invoice(2)
        src = self.env["res.partner"].create({"name": "Jeanne Doublon"})
        self._consent(src, "withdrawn")
        self.contact.consent_ids  # noqa: B018
        wizard = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner",
                active_ids=(self.contact | src).ids,
            )
        )
        wizard.dst_partner_id = self.contact
        wizard.save().action_merge()
        self._check(self.contact | self.customer)

    def test_salesperson_of_two_companies(self):
        other_company = self.env["res.company"].create(
            {"name": "Deux", "express_consent_months": 1}
        )
        user = new_test_user(
            self.env,
            login="brk_two",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, [other_company.id, self.env.company.id])],
        )
        self._invoice(2)
        person = self.env["res.partner"].create({"name": "Pierre"})
        ev = self._consent(person, "granted", days_ago=40)
        ev.sudo()  # main company: no duration
        self.env["res.partner.consent"].with_user(user).with_company(
            other_company
        ).create(
            {
                "partner_id": person.id,
                "state": "granted",
                "legal_basis": "consent",
                "channel": "phone",
                "company_id": other_company.id,
                "date": fields.Datetime.now() - timedelta(days=35),
            }
        )
        person.write({"parent_id": self.customer.id})
        self._check(person)

    # 4. a batch mixing contacts the shortcut decides and contacts the query
    # decides: the query's rows replace the shortcut's (rows = {...})
    def test_batch_create_person_and_other_contact(self):
        self._invoice(2)
        self.env["mail.blacklist"]._add("refus@example.com")
        self.customer.consent_ids  # noqa: B018
        people = self.env["res.partner"].create(
            [
                {"name": "Léa Nouvelle", "parent_id": self.customer.id},
                {
                    "name": "Luc Refus",
                    "parent_id": self.customer.id,
                    "email": "refus@example.com",
                },
                {"name": "Autre Client", "is_company": True},
            ]
        )
        lea, luc = people[0], people[1]
        self.assertEqual(
            (lea.marketing_basis, luc.marketing_basis), ("implied", "withdrawn")
        )
        self._check(people)

    def test_import_two_rows(self):
        self._invoice(2)
        result = self.env["res.partner"].load(
            ["name", "parent_id/.id", "is_company"],
            [
                ["Marc Importé", str(self.customer.id), "0"],
                ["Société Importée", "", "1"],
            ],
        )
        self.assertFalse(result["messages"])
        self._check(self.env["res.partner"].browse(result["ids"]))
