"""Lead conversion by every way in: Odoo's two wizards (form and list, each
action, deduplication, merge), its lead assignment, XML-RPC and JSON-RPC with
whatever context a client sends, blocked contacts, other companies and time
zones. The wizards update the contacts once, at the end of the conversion
(crm.lead._partner_sync_deferred).

After every conversion, each contact concerned and its company must hold the
campaign, source and channel of their most recent opportunity (by creation date,
then id: _sync_utm_from_opportunities), and the marketing basis the full basis
query gives (the daily job's, over all contacts). Acts as a salesperson unless a
test says otherwise.
"""

import xmlrpc.client

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, JsonRpcException, new_test_user, tagged, users
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.crm_contacts_ext.models.crm_lead import DEFERRED_PARTNERS

from .common import ContactsCase

BASIS = (
    "marketing_basis",
    "marketing_basis_source",
    "marketing_basis_document",
    "marketing_basis_date",
    "marketing_basis_until",
)
SALES_GROUPS = "sales_team.group_sale_salesman,base.group_partner_manager"


class ConversionOracle:
    """What the contacts must hold after a conversion."""

    def _expected_utm(self, partner):
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        partner = partner.sudo()
        if partner.commercial_partner_id == partner:
            domain = [
                "|",
                ("partner_id", "=", partner.id),
                ("partner_id.commercial_partner_id", "=", partner.id),
            ]
        else:
            domain = [("partner_id", "=", partner.id)]
        latest = Lead.search(
            [*domain, ("type", "=", "opportunity")],
            order="create_date desc, id desc",
            limit=1,
        )
        return latest, (latest.campaign_id, latest.source_id, latest.medium_id)

    def _basis(self, partners):
        partners = partners.sudo().with_context(active_test=False)
        partners.env.flush_all()
        partners.invalidate_recordset(BASIS)
        return {p.id: tuple(p[f] for f in BASIS) for p in partners}

    def assertSynced(self, partners, implied=True):
        """Each partner and its company: campaign, source and channel of the most
        recent opportunity; the stored basis is the full query's; implied by an
        opportunity when ``implied``."""
        self.env.flush_all()
        self.env.invalidate_all()
        partners = partners.sudo().with_context(active_test=False)
        everyone = partners | partners.commercial_partner_id
        for partner in everyone:
            latest, utm = self._expected_utm(partner)
            if latest:
                self.assertEqual(
                    (partner.campaign_id, partner.source_id, partner.medium_id),
                    utm,
                    f"campaign, source, channel of {partner.display_name} "
                    f"(latest opportunity: {latest.name})",
                )
        stored = self._basis(everyone)
        self.env["res.partner"].sudo()._marketing_basis_update(all_partners=True)
        full = self._basis(everyone)
        diffs = {
            everyone.browse(pid).display_name: {
                "stored": stored[pid],
                "query": full[pid],
            }
            for pid in stored
            if stored[pid] != full[pid]
        }
        self.assertFalse(diffs, "stored basis vs the full query's")
        if implied:
            for partner in everyone:
                self.assertEqual(
                    (partner.marketing_basis, partner.marketing_basis_source),
                    ("implied", "opportunity"),
                    f"marketing basis of {partner.display_name}",
                )


class ConversionCase(ConversionOracle, ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Utm = cls.env
        cls.fair = Utm["utm.campaign"].create({"name": "Salon du chocolat"})
        cls.spring = Utm["utm.campaign"].create({"name": "Printemps"})
        cls.booth = Utm["utm.source"].create({"name": "Kiosque"})
        cls.web = Utm["utm.source"].create({"name": "Site web"})
        cls.email = Utm["utm.medium"].create({"name": "Courriel"})
        cls.phone = Utm["utm.medium"].create({"name": "Téléphone"})
        cls.team = cls.env["crm.team"].create(
            {"name": "Équipe Québec", "member_ids": [Command.link(cls.salesman.id)]}
        )

    def _lead(self, n, utm=None, **vals):
        campaign, source, medium = utm or (self.fair, self.booth, self.email)
        values = {
            "name": f"Demande {n}",
            "type": "lead",
            "user_id": self.salesman.id,
            "team_id": self.team.id,
            "contact_name": f"Julie Tremblay {n}",
            "partner_name": f"Confiserie Tremblay {n}",
            "email_from": f"julie.tremblay{n}@example.com",
            "campaign_id": campaign.id,
            "source_id": source.id,
            "medium_id": medium.id,
        }
        values.update(vals)
        return self.env["crm.lead"].create(values)

    def _form_convert(self, lead, action, partner=None, name="convert"):
        form = Form(
            self.env["crm.lead2opportunity.partner"].with_context(
                active_model="crm.lead", active_id=lead.id, active_ids=lead.ids
            )
        )
        form.name = name
        if name == "convert":
            form.action = action
            if partner is not None:
                form.partner_id = partner
        return form.save().action_apply()

    def _mass_convert(self, leads, action="each_exist_or_create", deduplicate=False):
        form = Form(
            self.env["crm.lead2opportunity.partner.mass"].with_context(
                active_model="crm.lead", active_ids=leads.ids
            )
        )
        form.action = action
        form.deduplicate = deduplicate
        form.user_ids.add(self.salesman)
        form.force_assignment = True
        return form.save().action_mass_convert()

    def _company_and_person(self, name, email, company_vals=None):
        company = self.env["res.partner"].create(
            {"name": f"{name} Inc.", "is_company": True, **(company_vals or {})}
        )
        person = self.env["res.partner"].create(
            {"name": name, "parent_id": company.id, "email": email}
        )
        return company, person


@tagged("standard", "post_install", "-at_install")
class TestConversionWizards(ConversionCase):
    @users("crm_ext_salesman")
    def test_form_create_new_person_and_company(self):
        lead = self._lead(1)
        self._form_convert(lead, "create")
        self.assertEqual(lead.type, "opportunity")
        self.assertTrue(lead.partner_id.parent_id)
        self.assertEqual(lead.partner_id.campaign_id, self.fair)
        self.assertEqual(lead.partner_id.parent_id.campaign_id, self.fair)
        self.assertSynced(lead.partner_id)
        self.assertNotIn(DEFERRED_PARTNERS, self.env.cr.precommit.data)

    @users("crm_ext_salesman")
    def test_form_create_company_only(self):
        lead = self._lead(2, contact_name=False)
        self._form_convert(lead, "create")
        self.assertTrue(lead.partner_id.is_company)
        self.assertEqual(lead.partner_id.campaign_id, self.fair)
        self.assertSynced(lead.partner_id)

    @users("crm_ext_salesman")
    def test_form_exist_newest_opportunity_wins_for_company(self):
        company, person = self._company_and_person("Marc Lévis", "marc@example.com")
        colleague = self.env["res.partner"].create(
            {"name": "Léa Lévis", "parent_id": company.id}
        )
        older = self._lead(
            3,
            utm=(self.spring, self.web, self.phone),
            type="opportunity",
            partner_id=colleague.id,
        )
        self.assertEqual(company.campaign_id, self.spring)
        lead = self._lead(4, email_from="marc@example.com")
        self.assertGreater(lead.id, older.id)
        self._form_convert(lead, "exist", person)
        self.assertEqual(lead.partner_id, person)
        self.assertEqual(company.campaign_id, self.fair)
        self.assertEqual(person.campaign_id, self.fair)
        self.assertEqual(colleague.campaign_id, self.spring)
        self.assertSynced(person | colleague)

    @users("crm_ext_salesman")
    def test_form_exist_moves_lead_away_from_its_old_contact(self):
        """The lead was the only inquiry of its first contact's company: moving it
        onto another contact takes the implied consent away from the first."""
        old_company, old_person = self._company_and_person("Ancien", "old@example.com")
        lead = self._lead(5, partner_id=old_person.id)
        self.assertEqual(old_company.marketing_basis, "implied")
        self.assertEqual(old_person.marketing_basis, "implied")
        _new_company, new_person = self._company_and_person(
            "Nouveau", "new@example.com"
        )
        self._form_convert(lead, "exist", new_person)
        self.assertEqual(lead.partner_id, new_person)
        self.assertSynced(new_person)
        self.assertSynced(old_person, implied=False)
        self.assertEqual(old_company.marketing_basis, "none")
        self.assertEqual(old_person.marketing_basis, "none")

    @users("crm_ext_salesman")
    def test_form_nothing_on_lead_with_a_contact(self):
        company, person = self._company_and_person("Rien", "rien@example.com")
        lead = self._lead(6, partner_id=person.id)
        self.assertFalse(person.campaign_id, "a lead is not an opportunity yet")
        self._form_convert(lead, "nothing")
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id, person)
        self.assertEqual((person.campaign_id, company.campaign_id), (self.fair,) * 2)
        self.assertSynced(person)

    @users("crm_ext_salesman")
    def test_form_nothing_without_contact(self):
        lead = self._lead(7, contact_name=False, partner_name=False)
        self._form_convert(lead, "nothing")
        self.assertEqual(lead.type, "opportunity")
        self.assertFalse(lead.partner_id)

    @users("crm_ext_salesman")
    def test_form_merge_with_existing_opportunity(self):
        _company, person = self._company_and_person("Fusion", "fusion@example.com")
        opportunity = self._lead(
            8,
            utm=(self.spring, self.web, self.phone),
            type="opportunity",
            partner_id=person.id,
            email_from="fusion@example.com",
        )
        lead = self._lead(9, email_from="fusion@example.com")
        form = Form(
            self.env["crm.lead2opportunity.partner"].with_context(
                active_model="crm.lead", active_id=lead.id, active_ids=lead.ids
            )
        )
        self.assertEqual(form.action, "exist")
        self.assertEqual(len(form.duplicated_lead_ids), 2)
        form.name = "merge"
        form.save().action_apply()
        self.assertFalse(lead.exists() and opportunity.exists() and lead != opportunity)
        self.assertSynced(person)

    @users("crm_ext_salesman")
    def test_mass_create_existing_and_new(self):
        company, person = self._company_and_person("Existant", "exist@example.com")
        first = self._lead(10, email_from="exist@example.com")
        fresh = self._lead(11)
        second = self._lead(
            12, utm=(self.spring, self.web, self.phone), email_from="exist@example.com"
        )
        leads = first | fresh | second
        self._mass_convert(leads)
        self.assertEqual(set(leads.mapped("type")), {"opportunity"})
        self.assertEqual(first.partner_id, person)
        self.assertEqual(second.partner_id, person)
        self.assertEqual(person.campaign_id, self.spring, "the newest (highest id)")
        self.assertEqual(company.campaign_id, self.spring)
        self.assertSynced(leads.partner_id)

    @users("crm_ext_salesman")
    def test_mass_nothing(self):
        _company, person = self._company_and_person("Rien Masse", "rm@example.com")
        leads = self._lead(13, partner_id=person.id) | self._lead(
            14, contact_name=False, partner_name=False
        )
        self._mass_convert(leads, action="nothing")
        self.assertEqual(set(leads.mapped("type")), {"opportunity"})
        self.assertEqual(person.campaign_id, self.fair)
        self.assertSynced(person)

    @users("crm_ext_salesman")
    def test_mass_deduplicate_onto_existing_contact(self):
        _company, person = self._company_and_person("Doublon", "dup@example.com")
        opportunity = self._lead(
            15,
            utm=(self.spring, self.web, self.phone),
            type="opportunity",
            partner_id=person.id,
            email_from="dup@example.com",
        )
        lead = self._lead(16, email_from="dup@example.com", campaign_id=False)
        other = self._lead(17)
        self._mass_convert(lead | other, deduplicate=True)
        survivors = (lead | opportunity | other).exists()
        self.assertEqual(len(survivors), 2, "the lead merged into the opportunity")
        self.assertEqual(set(survivors.mapped("type")), {"opportunity"})
        self.assertSynced(survivors.partner_id)

    @users("crm_ext_salesman")
    def test_mass_deduplicate_two_new_leads_same_email(self):
        one = self._lead(18, email_from="twins@example.com")
        two = self._lead(
            19, utm=(self.spring, self.web, self.phone), email_from="twins@example.com"
        )
        self._mass_convert(one | two, deduplicate=True)
        survivor = (one | two).exists()
        self.assertEqual(len(survivor), 1)
        self.assertEqual(survivor.type, "opportunity")
        self.assertTrue(survivor.partner_id)
        self.assertSynced(survivor.partner_id)

    @users("crm_ext_salesman")
    def test_express_consent_kept(self):
        company, person = self._company_and_person("Exprès", "expres@example.com")
        self.env["res.partner.consent"].create(
            {"partner_id": person.id, "state": "granted", "legal_basis": "consent"}
        )
        self.assertEqual(person.marketing_basis, "express")
        lead = self._lead(20, email_from="expres@example.com")
        self._form_convert(lead, "exist", person)
        self.assertEqual(person.marketing_basis, "express")
        self.assertEqual(company.marketing_basis, "implied")
        self.assertEqual(person.campaign_id, self.fair)
        self.assertSynced(person, implied=False)

    @users("crm_ext_salesman")
    def test_two_conversions_in_one_transaction(self):
        first = self._lead(21)
        self._form_convert(first, "create")
        second = self._lead(22, utm=(self.spring, self.web, self.phone))
        self._form_convert(second, "exist", first.partner_id)
        self.assertEqual(first.partner_id.campaign_id, self.spring)
        self.assertSynced(first.partner_id)
        # outside any wizard, a lead write updates its contact at once
        first.campaign_id = self.fair
        self.assertNotIn(DEFERRED_PARTNERS, self.env.cr.precommit.data)
        self.assertSynced(first.partner_id)

    def test_kiritimati_salesperson(self):
        self.salesman.tz = "Pacific/Kiritimati"
        lead = self._lead(26).with_user(self.salesman)
        self.env = self.env(user=self.salesman)
        self._form_convert(lead, "create")
        self.assertSynced(lead.partner_id)
        self.assertEqual(
            lead.partner_id.marketing_basis_date,
            fields.Date.to_date(lead.create_date.date()),
        )


@tagged("standard", "post_install", "-at_install")
class TestConversionBlocked(ConversionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folies = cls.env["res.partner"].create(
            {"name": "Folies au Chocolat", "is_company": True}
        )
        cls.folies_person = cls.env["res.partner"].create(
            {
                "name": "Marc Retard",
                "parent_id": cls.folies.id,
                "email": "retard@example.com",
            }
        )
        cls.block = cls.env["res.partner.warning"].create(
            {"partner_id": cls.folies.id, "message": "Mauvais payeur", "blocking": True}
        )

    @users("crm_ext_salesman")
    def test_refused_mass_conversion_leaves_nothing(self):
        first = self._lead(30)
        blocked = self._lead(31, email_from="retard@example.com")
        last = self._lead(32)
        leads = first | blocked | last
        partners_before = self.env["res.partner"].sudo().search_count([])
        with self.assertRaises(UserError) as caught:
            self._mass_convert(leads)
        self.assertIn("Mauvais payeur", str(caught.exception))
        self.assertNotIn(DEFERRED_PARTNERS, self.env.cr.precommit.data)
        self.env.invalidate_all()
        self.assertEqual(set(leads.mapped("type")), {"lead"})
        self.assertFalse(leads.partner_id)
        self.assertEqual(
            self.env["res.partner"].sudo().search_count([]), partners_before
        )
        self.assertFalse(self.folies.campaign_id)
        self.assertEqual(self.folies.marketing_basis, "none")
        # the next conversion is not deferred forever
        self._mass_convert(first | last)
        self.assertSynced((first | last).partner_id)

    @users("crm_ext_salesman")
    def test_refused_form_conversion_onto_blocked_contact(self):
        lead = self._lead(33)
        with self.assertRaises(UserError) as caught:
            self._form_convert(lead, "exist", self.folies_person)
        self.assertIn("Mauvais payeur", str(caught.exception))
        self.assertNotIn(DEFERRED_PARTNERS, self.env.cr.precommit.data)
        self.env.invalidate_all()
        self.assertEqual(lead.type, "lead")
        self.assertFalse(lead.partner_id)
        self.assertFalse(self.folies_person.campaign_id)

    @users("crm_ext_salesman")
    def test_refusal_caught_by_the_caller_without_rollback(self):
        """A caller that catches the refusal and goes on in the same transaction
        (no savepoint, as unittest's assertRaisesRegex): the leads converted
        before the refused one keep their conversion, and their contacts are
        updated."""
        first = self._lead(34)
        blocked = self._lead(35, email_from="retard@example.com")
        try:
            self._mass_convert(first | blocked)
        except UserError:
            pass
        self.assertNotIn(DEFERRED_PARTNERS, self.env.cr.precommit.data)
        self.assertEqual(first.type, "opportunity")
        self.assertTrue(first.partner_id)
        self.assertSynced(first.partner_id)


@tagged("standard", "post_install", "-at_install")
class TestConversionByAssignment(ConversionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="crm_ext_conv_manager",
            name="Gérard Gérant",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
        )
        cls.assign_team = cls.env["crm.team"].create({"name": "Équipe assignation"})
        cls.env["crm.team.member"].create(
            {
                "crm_team_id": cls.assign_team.id,
                "user_id": cls.salesman.id,
                "assignment_max": 300,
            }
        )

    def test_assignment_converts_and_updates_contacts(self):
        _company, person = self._company_and_person("Assigné", "assign@example.com")
        other_company, other = self._company_and_person("Autre", "autre@example.com")
        leads = self._lead(
            40, partner_id=person.id, user_id=False, team_id=False
        ) | self._lead(
            41,
            utm=(self.spring, self.web, self.phone),
            partner_id=other.id,
            user_id=False,
            team_id=False,
        )
        self.assertFalse(person.campaign_id)
        # the demo data's unassigned leads would take the member's quota
        self.assign_team.assignment_domain = repr([("id", "in", leads.ids)])
        self.assign_team.with_user(self.manager).action_assign_leads()
        self.env.invalidate_all()
        self.assertEqual(set(leads.mapped("type")), {"opportunity"})
        self.assertEqual(person.campaign_id, self.fair)
        self.assertEqual(other_company.campaign_id, self.spring)
        self.assertSynced(person | other)


@tagged("standard", "post_install", "-at_install")
class TestConversionCompanies(ConversionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Confiserie B"})
        cls.user_b = new_test_user(
            cls.env,
            login="crm_ext_conv_user_b",
            name="Bruno B",
            groups=SALES_GROUPS,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.user_ab = new_test_user(
            cls.env,
            login="crm_ext_conv_user_ab",
            name="Alice AB",
            groups=SALES_GROUPS,
            company_id=cls.company_b.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        cls.team_b = cls.env["crm.team"].create(
            {
                "name": "Équipe B",
                "company_id": cls.company_b.id,
                "member_ids": [
                    Command.link(cls.user_b.id),
                    Command.link(cls.user_ab.id),
                ],
            }
        )

    def _lead_b(self, n, user, **vals):
        return self._lead(
            n,
            user_id=user.id,
            team_id=self.team_b.id,
            company_id=self.company_b.id,
            **vals,
        )

    def test_user_of_company_b_converts_lead_of_company_b(self):
        lead = self._lead_b(50, self.user_b)
        self.env = self.env(
            user=self.user_b,
            context=dict(self.env.context, allowed_company_ids=self.company_b.ids),
        )
        lead = lead.with_env(self.env)
        self._form_convert(lead, "create")
        self.assertEqual(lead.company_id, self.company_b)
        self.assertSynced(lead.partner_id)

    def test_user_of_two_companies_converts_lead_of_the_other(self):
        lead = self._lead_b(51, self.user_ab)
        self.env = self.env(
            user=self.user_ab,
            context=dict(
                self.env.context,
                allowed_company_ids=(self.company_a | self.company_b).ids,
            ),
        )
        lead = lead.with_env(self.env)
        self._form_convert(lead, "create")
        self.assertEqual(lead.company_id, self.company_b)
        self.assertSynced(lead.partner_id)

    def test_exist_onto_shared_person_of_a_company_of_another_company(self):
        """A contact shared by all companies (no company) under a company that
        belongs to company A; a user of company B only converts a lead onto the
        shared contact (as base_import creates a person under its company): the
        company the user may not read is updated all the same."""
        company = self.env["res.partner"].create(
            {"name": "Client de A", "is_company": True, "company_id": self.company_a.id}
        )
        person = self.env["res.partner"].create(
            {
                "name": "Partagé",
                "parent_id": company.id,
                "company_id": False,
                "email": "partage@example.com",
            }
        )
        lead = self._lead_b(52, self.user_b, email_from="partage@example.com")
        self.env.flush_all()
        self.env.invalidate_all()  # as a new request: nothing read yet
        wizard = (
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.user_b)
            .with_context(
                allowed_company_ids=self.company_b.ids,
                active_model="crm.lead",
                active_id=lead.id,
                active_ids=lead.ids,
            )
            .create({"name": "convert", "action": "exist", "partner_id": person.id})
        )
        wizard.action_apply()
        self.assertEqual(lead.partner_id, person)
        self.assertSynced(person)

    def test_company_of_the_opportunity_changes_with_its_team(self):
        """Company B gives no implied consent for an inquiry: a lead converted
        and assigned to company B's team (its company follows) gives none."""
        self.company_b.implied_consent_inquiry_months = 0
        _company, person = self._company_and_person("Sans délai", "sd@example.com")
        lead = self._lead(
            53,
            email_from="sd@example.com",
            partner_id=person.id,
            user_id=self.user_ab.id,
        )
        self.assertEqual(lead.company_id, self.company_a)
        self.assertEqual(person.marketing_basis, "implied")
        lead = lead.with_user(self.user_ab).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        )
        form = Form(
            lead.env["crm.lead2opportunity.partner"].with_context(
                active_model="crm.lead", active_id=lead.id, active_ids=lead.ids
            )
        )
        form.action = "exist"
        form.partner_id = person
        form.user_id = self.user_ab
        form.team_id = self.team_b
        form.save().action_apply()
        self.assertEqual(lead.company_id, self.company_b)
        self.assertSynced(person, implied=False)

    def test_plain_team_change_moves_the_opportunity_to_another_company(self):
        """Outside the wizard: the opportunity's company follows a new team
        (Odoo's computation, never in write()'s values): so does the basis."""
        self.company_b.implied_consent_inquiry_months = 0
        _company, person = self._company_and_person("Sans délai 2", "sd2@example.com")
        lead = self._lead(
            54, type="opportunity", partner_id=person.id, user_id=self.user_ab.id
        )
        self.assertEqual(person.marketing_basis, "implied")
        lead.with_user(self.user_ab).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        ).write({"user_id": self.user_ab.id, "team_id": self.team_b.id})
        self.assertEqual(lead.company_id, self.company_b)
        self.assertSynced(person, implied=False)


@tagged("standard", "post_install", "-at_install")
class TestConversionRpc(ConversionOracle, HttpCase):
    """The wizards called by an integration (XML-RPC) and by a web client
    (JSON-RPC), as a salesperson, with whatever context the client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.rpc_user = new_test_user(
            cls.env, login="crm_ext_conv_rpc", name="Rita RPC", groups=SALES_GROUPS
        )
        Utm = cls.env
        cls.fair = Utm["utm.campaign"].create({"name": "Salon RPC"})
        cls.spring = Utm["utm.campaign"].create({"name": "Printemps RPC"})
        cls.booth = Utm["utm.source"].create({"name": "Kiosque RPC"})
        cls.email = Utm["utm.medium"].create({"name": "Courriel RPC"})
        Partner = cls.env["res.partner"]
        cls.company = Partner.create({"name": "Existant RPC", "is_company": True})
        cls.person = Partner.create(
            {"name": "Eve RPC", "parent_id": cls.company.id, "email": "eve@example.com"}
        )
        cls.blocked_company = Partner.create({"name": "Bloqué RPC", "is_company": True})
        cls.blocked_person = Partner.create(
            {
                "name": "Bob Bloqué",
                "parent_id": cls.blocked_company.id,
                "email": "bob.bloque@example.com",
            }
        )
        cls.env["res.partner.warning"].create(
            {
                "partner_id": cls.blocked_company.id,
                "message": "Impayés RPC",
                "blocking": True,
            }
        )

    def _lead(self, n, **vals):
        return self.env["crm.lead"].create(
            {
                "name": f"Demande RPC {n}",
                "type": "lead",
                "user_id": self.rpc_user.id,
                "contact_name": f"Julie RPC {n}",
                "partner_name": f"Confiserie RPC {n}",
                "email_from": f"julie.rpc{n}@example.com",
                "campaign_id": self.fair.id,
                "source_id": self.booth.id,
                "medium_id": self.email.id,
                **vals,
            }
        )

    def _xmlrpc(self, model, method, *args, **kwargs):
        self.env.flush_all()
        user = self.rpc_user
        result = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )
        self.env.invalidate_all()
        return result

    def _jsonrpc(self, model, method, args, kwargs):
        self.env.flush_all()
        result = self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )
        self.env.invalidate_all()
        return result

    def _xmlrpc_mass_wizard(self, leads, **vals):
        """The mass conversion wizard of ``leads``, made over XML-RPC: its id
        and the context to apply it with."""
        context = {"active_model": "crm.lead", "active_ids": leads.ids}
        values = {
            "name": "convert",
            "action": "each_exist_or_create",
            "deduplicate": False,
            **vals,
        }
        wizard_id = self._xmlrpc(
            "crm.lead2opportunity.partner.mass", "create", values, context=context
        )
        return wizard_id, context

    def _xmlrpc_mass_apply(self, wizard_id, context):
        return self._xmlrpc(
            "crm.lead2opportunity.partner.mass",
            "action_mass_convert",
            [wizard_id],
            context=context,
        )

    def _jsonrpc_wizard(self, lead, context, **vals):
        """The conversion wizard of ``lead``, made over JSON-RPC with what the
        client adds to the context: its id and the context to apply it with."""
        context = {
            "active_model": "crm.lead",
            "active_id": lead.id,
            "active_ids": lead.ids,
            **context,
        }
        wizard_id = self._jsonrpc(
            "crm.lead2opportunity.partner",
            "create",
            [{"name": "convert", "lead_id": lead.id, **vals}],
            {"context": context},
        )
        return wizard_id, context

    def _jsonrpc_apply(self, wizard_id, context):
        return self._jsonrpc(
            "crm.lead2opportunity.partner",
            "action_apply",
            [[wizard_id]],
            {"context": context},
        )

    def test_xmlrpc_mass_conversion_with_deduplication(self):
        existing = self._lead(1, email_from="eve@example.com")
        fresh = self._lead(2)
        twin = self._lead(
            3, email_from="julie.rpc2@example.com", campaign_id=self.spring.id
        )
        leads = existing | fresh | twin
        wizard_id, context = self._xmlrpc_mass_wizard(
            leads, deduplicate=True, user_ids=[(6, 0, self.rpc_user.ids)]
        )
        self._xmlrpc_mass_apply(wizard_id, context)
        survivors = leads.exists()
        self.assertEqual(len(survivors), 2, "the twins merged")
        self.assertEqual(set(survivors.mapped("type")), {"opportunity"})
        self.assertEqual(existing.partner_id, self.person)
        self.assertSynced(survivors.partner_id)

    def test_jsonrpc_conversion_with_arbitrary_context(self):
        self.authenticate(self.rpc_user.login, self.rpc_user.login)
        lead = self._lead(4)
        added = {
            # what a client could add
            DEFERRED_PARTNERS: {"utm": [], "basis": []},
            "crm_lead_deferred_partner_ids": True,
            "marketing_basis_after_commit": True,
            "tracking_disable": True,
            "active_test": False,
            "default_campaign_id": self.spring.id,
            "default_marketing_basis": "express",
            "default_marketing_basis_source": "consent",
            "default_marketing_basis_until": "2099-01-01",
        }
        wizard_id, context = self._jsonrpc_wizard(lead, added, action="create")
        self._jsonrpc_apply(wizard_id, context)
        self.assertEqual(lead.type, "opportunity")
        self.assertTrue(lead.partner_id.parent_id)
        self.assertEqual(lead.partner_id.campaign_id, self.fair)
        self.assertSynced(lead.partner_id)

    def test_xmlrpc_conversion_onto_a_blocked_contact_is_refused(self):
        first = self._lead(5)
        blocked = self._lead(6, email_from="bob.bloque@example.com")
        leads = first | blocked
        wizard_id, context = self._xmlrpc_mass_wizard(leads)
        partners_before = self.env["res.partner"].search_count([])
        with (
            self.assertLogs("odoo.http", "WARNING"),
            self.assertRaises(xmlrpc.client.Fault) as caught,
        ):
            self._xmlrpc_mass_apply(wizard_id, context)
        self.env.invalidate_all()
        self.assertIn("Impayés RPC", caught.exception.faultString)
        self.assertEqual(set(leads.mapped("type")), {"lead"})
        self.assertFalse(leads.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        self.assertFalse(self.blocked_person.campaign_id)
        # the next call is not affected
        self._xmlrpc_mass_apply(*self._xmlrpc_mass_wizard(first))
        self.assertEqual(first.type, "opportunity")
        self.assertSynced(first.partner_id)

    def test_jsonrpc_hold_key_onto_a_blocked_contact(self):
        """The mail gateway's old context key sent by a client: the conversion
        is refused as without it, not made silently without the contact."""
        self.authenticate(self.rpc_user.login, self.rpc_user.login)
        lead = self._lead(7, email_from="bob.bloque@example.com")
        wizard_id, context = self._jsonrpc_wizard(
            lead,
            {"partner_warning_hold_blocked": True},
            action="exist",
            partner_id=self.blocked_person.id,
        )
        with (
            mute_logger("odoo.http"),
            self.assertRaisesRegex(JsonRpcException, "UserError"),
        ):
            self._jsonrpc_apply(wizard_id, context)
        self.env.invalidate_all()
        self.assertEqual(lead.type, "lead")
        self.assertFalse(lead.partner_id)
        self.assertFalse(self.blocked_person.campaign_id)
        self.assertEqual(self.blocked_company.marketing_basis, "none")

    def test_jsonrpc_hold_key_on_a_new_lead_of_a_blocked_contact(self):
        """A lead created over RPC for a blocked contact with the gateway's old
        context key is refused, not made without its contact and flagged as an
        email."""
        self.authenticate(self.rpc_user.login, self.rpc_user.login)
        leads_before = self.env["crm.lead"].search_count([])
        with (
            mute_logger("odoo.http"),
            self.assertRaisesRegex(JsonRpcException, "UserError"),
        ):
            self._jsonrpc(
                "crm.lead",
                "create",
                [{"name": "Commande RPC", "partner_id": self.blocked_person.id}],
                {"context": {"partner_warning_hold_blocked": True}},
            )
        self.assertEqual(self.env["crm.lead"].search_count([]), leads_before)

    def test_jsonrpc_user_working_in_company_b_converts_onto_imported_contact(self):
        self._convert_onto_imported_contact({})

    def test_jsonrpc_same_with_tracking_disabled_by_the_client(self):
        """Without tracking, nothing has read the contact's company as superuser
        before the update does."""
        self._convert_onto_imported_contact({"tracking_disable": True})

    def _convert_onto_imported_contact(self, extra_context):
        """A contact imported under its company (CSV "Related Company": Odoo gives
        the person no company, while the company belongs to company A); a
        salesperson of companies A and B, working in B (company switcher),
        converts a lead of B onto that contact from the web client."""
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Confiserie B RPC"})
        user = new_test_user(
            self.env,
            login="crm_ext_conv_rpc_ab",
            name="Alain AB",
            groups=SALES_GROUPS,
            company_id=company_b.id,
            company_ids=[Command.set((company_a | company_b).ids)],
        )
        team_b = self.env["crm.team"].create(
            {
                "name": "Équipe B RPC",
                "company_id": company_b.id,
                "member_ids": [Command.link(user.id)],
            }
        )
        customer = self.env["res.partner"].create(
            {"name": "Client de A RPC", "is_company": True, "company_id": company_a.id}
        )
        # as base_import creates it: the parent given, no company
        imported = self.env["res.partner"].create(
            {
                "name": "Importé RPC",
                "parent_id": customer.id,
                "email": "imp@example.com",
            }
        )
        self.assertFalse(imported.company_id)
        lead = self._lead(
            8,
            user_id=user.id,
            team_id=team_b.id,
            company_id=company_b.id,
            email_from="imp@example.com",
        )
        self.authenticate(user.login, user.login)
        wizard_id, context = self._jsonrpc_wizard(
            lead,
            {"allowed_company_ids": company_b.ids, **extra_context},
            action="exist",
            partner_id=imported.id,
        )
        self._jsonrpc_apply(wizard_id, context)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id, imported)
        self.assertSynced(imported)
