"""Multi-company: a company's warnings, contact roles and consents stay its own.

What a user of company B (allowed companies: B only) notices about the contacts
of company A: their warnings, roles and consent events are not found by any
search, and reading one by its id is refused (AccessError), in the ORM and over
XML-RPC; the users of company A see them. A warning valid for every company on
a contact of company A is still company A's business, and a consent event always
belongs to a company: the one of its contact, else the one it is recorded in.
"""

import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

GROUPS = "sales_team.group_sale_salesman,base.group_partner_manager"
MODELS = ("res.partner.warning", "res.partner.contact.role.line", "res.partner.consent")


class MultiCompanyMixin:
    @classmethod
    def _setup_companies(cls):
        cls.company_a, cls.company_b = cls.env["res.company"].create(
            [{"name": "Chocolaterie A"}, {"name": "Confiserie B"}]
        )
        cls.user_a = cls._company_user("crm_ext_mc_user_a", cls.company_a)
        cls.user_b = cls._company_user("crm_ext_mc_user_b", cls.company_b)
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "Client de A", "is_company": True, "company_id": cls.company_a.id}
        )
        cls.contact_a = Partner.create(
            {
                "name": "Anne Contact A",
                "parent_id": cls.customer_a.id,
                "company_id": cls.company_a.id,
                "email": "anne.a@example.com",
            }
        )
        cls.warning_a = cls.env["res.partner.warning"].create(
            {
                "partner_id": cls.customer_a.id,
                "message": "Secret de A",
                "blocking": True,
                "company_id": cls.company_a.id,
            }
        )
        cls.role_line_a = cls.env["res.partner.contact.role.line"].create(
            {
                "partner_id": cls.contact_a.id,
                "role_id": cls.env.ref("crm_contacts_ext.role_purchasing").id,
            }
        )
        cls.consent_a = (
            cls.env["res.partner.consent"]
            .with_company(cls.company_a)
            .create(
                {
                    "partner_id": cls.contact_a.id,
                    "state": "granted",
                    "legal_basis": "consent",
                }
            )
        )
        cls.records_a = {
            "res.partner.warning": cls.warning_a,
            "res.partner.contact.role.line": cls.role_line_a,
            "res.partner.consent": cls.consent_a,
        }

    @classmethod
    def _company_user(cls, login, company):
        return new_test_user(
            cls.env,
            login=login,
            groups=GROUPS,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )


@tagged("standard", "post_install", "-at_install")
class TestMultiCompany(MultiCompanyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_companies()

    def _visible(self, user, model, record):
        """Whether ``user`` finds ``record`` by a search and may read it: both or
        neither, a record found but not readable (or the reverse) is a bug."""
        Model = self.env[model].with_user(user)
        found = record in Model.search([("id", "=", record.id)])
        try:
            Model.browse(record.id).read(["display_name"])
            readable = True
        except AccessError:
            readable = False
        self.assertEqual(found, readable, f"{model}: found {found}, read {readable}")
        return found

    def test_user_of_b_sees_nothing_of_a(self):
        for model, record in self.records_a.items():
            with self.subTest(model=model):
                self.assertFalse(self._visible(self.user_b, model, record))
                self.assertFalse(
                    self.env[model]
                    .with_user(self.user_b)
                    .search(
                        [("partner_id", "in", (self.customer_a | self.contact_a).ids)]
                    )
                )
                self.assertTrue(self._visible(self.user_a, model, record))

    def test_warning_for_all_companies_on_a_contact_of_a(self):
        # "Leave empty for all companies" means all of A's companies, not B's.
        warning = self.env["res.partner.warning"].create(
            {
                "partner_id": self.customer_a.id,
                "message": "Secret partagé de A",
                "company_id": False,
            }
        )
        self.assertFalse(self._visible(self.user_b, "res.partner.warning", warning))
        self.assertTrue(self._visible(self.user_a, "res.partner.warning", warning))
        # A warning for all companies on a contact shared by all is seen by all.
        shared = self.env["res.partner"].create({"name": "Client partagé"})
        warning.partner_id = shared
        self.assertTrue(self._visible(self.user_b, "res.partner.warning", warning))

    def test_role_lines_of_a_shared_contact_of_a(self):
        # A contact without company (as Odoo creates it over RPC when no company
        # is given) of a customer of A: B may read the person, but her ranking
        # within company A's customer is A's business.
        person = self.env["res.partner"].create(
            {"name": "Paul Sans Société", "parent_id": self.customer_a.id}
        )
        person.company_id = False
        line = self.env["res.partner.contact.role.line"].create(
            {
                "partner_id": person.id,
                "role_id": self.env.ref("crm_contacts_ext.role_accounts_payable").id,
            }
        )
        self.assertFalse(
            self._visible(self.user_b, "res.partner.contact.role.line", line)
        )
        self.assertTrue(
            self._visible(self.user_a, "res.partner.contact.role.line", line)
        )
        self.assertFalse(
            self.env["res.partner.contact.role.line"]
            .with_user(self.user_b)
            .search([("commercial_partner_id", "=", self.customer_a.id)])
        )

    def test_consent_always_has_a_company(self):
        Consent = self.env["res.partner.consent"]
        shared = self.env["res.partner"].create({"name": "Client partagé"})
        # Recorded by a user of B about a contact of A (the user may work for
        # both): the event belongs to A, whose users see it on their contact.
        both = self._company_user("crm_ext_mc_user_ab", self.company_b)
        both.company_ids = self.company_a | self.company_b
        event = (
            Consent.with_user(both)
            .with_context(allowed_company_ids=[self.company_b.id, self.company_a.id])
            .create(
                {
                    "partner_id": self.contact_a.id,
                    "state": "withdrawn",
                }
            )
        )
        self.assertEqual(event.company_id, self.company_a)
        self.assertTrue(self._visible(self.user_a, "res.partner.consent", event))
        # A contact shared by all companies: the company it was recorded in.
        event = Consent.with_user(self.user_b).create(
            {"partner_id": shared.id, "state": "withdrawn"}
        )
        self.assertEqual(event.company_id, self.company_b)
        self.assertTrue(self._visible(self.user_b, "res.partner.consent", event))
        self.assertFalse(self._visible(self.user_a, "res.partner.consent", event))
        # An import sending no company: the contact's company still.
        event = Consent.with_user(self.user_a).create(
            {"partner_id": self.contact_a.id, "state": "withdrawn", "company_id": False}
        )
        self.assertEqual(event.company_id, self.company_a)
        self.assertFalse(Consent.search([("company_id", "=", False)]))

    def test_shared_contact_follows_the_latest_event_of_any_company(self):
        # A contact shared by both companies: A's user (in Kiritimati, UTC+14)
        # records a grant, B's user (in Pago Pago, UTC-11) a withdrawal one
        # minute later. A's user cannot read B's event, yet the contact's box
        # follows it: the consent is a fact about the person, and the latest
        # event is the latest in time (UTC), not in one user's calendar day.
        self.user_a.tz = "Pacific/Kiritimati"
        self.user_b.tz = "Pacific/Pago_Pago"
        shared = self.env["res.partner"].create({"name": "Client partagé"})
        Consent = self.env["res.partner.consent"]
        now = fields.Datetime.now()
        Consent.with_user(self.user_a).create(
            {
                "partner_id": shared.id,
                "state": "granted",
                "legal_basis": "consent",
                "date": now - timedelta(minutes=1),
            }
        )
        withdrawal = Consent.with_user(self.user_b).create(
            {"partner_id": shared.id, "state": "withdrawn", "date": now}
        )
        self.assertFalse(self._visible(self.user_a, "res.partner.consent", withdrawal))
        seen_by_a = shared.with_user(self.user_a)
        seen_by_a.invalidate_recordset()
        self.assertEqual(seen_by_a.consent_state, "withdrawn")
        self.assertFalse(seen_by_a.allow_communication)
        self.assertEqual(seen_by_a.consent_date, now)

    def test_xmlrpc_user_of_b(self):
        db = self.env.cr.dbname
        for model, record in self.records_a.items():
            with self.subTest(model=model):
                found = self.xmlrpc_object.execute_kw(
                    db,
                    self.user_b.id,
                    self.user_b.login,
                    model,
                    "search_read",
                    [[]],
                    {"fields": ["id"]},
                )
                self.assertNotIn(record.id, [row["id"] for row in found])
                with (
                    self.assertLogs("odoo.http", "WARNING"),
                    self.assertRaises(xmlrpc.client.Fault) as caught,
                ):
                    self.xmlrpc_object.execute_kw(
                        db,
                        self.user_b.id,
                        self.user_b.login,
                        model,
                        "read",
                        [record.ids],
                        {"fields": ["display_name"]},
                    )
                self.assertEqual(caught.exception.faultCode, 4)
                self.assertNotIn("Secret de A", caught.exception.faultString)
                found = self.xmlrpc_object.execute_kw(
                    db,
                    self.user_a.id,
                    self.user_a.login,
                    model,
                    "search",
                    [[("id", "=", record.id)]],
                )
                self.assertEqual(found, record.ids)
