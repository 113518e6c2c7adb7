"""Contacts › Merge (Odoo's merge wizard) keeps what the addon adds (issue 17 #2):
the best rank of each role, the consent of the merged history, done To-Dos,
notes and warnings."""

from datetime import timedelta

from odoo import fields
from odoo.tests import Form, tagged, users

from .common import ContactsCase

SHARED = "jeanne.achat@example.com"


@tagged("standard", "post_install", "-at_install")
class TestPartnerMerge(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_purchasing = cls.env.ref("crm_contacts_ext.role_purchasing")
        cls.role_ap = cls.env.ref("crm_contacts_ext.role_accounts_payable")
        Partner = cls.env["res.partner"]
        # The same person entered twice (same email, as Odoo requires of a
        # salesperson's merge), and a third buyer.
        cls.p1 = Partner.create(
            {"name": "Jeanne Achat", "parent_id": cls.customer.id, "email": SHARED}
        )
        cls.p2 = cls.contact
        cls.p2.email = SHARED
        cls.third = Partner.create(
            {"name": "Luc Troisième", "parent_id": cls.customer.id}
        )
        Line = cls.env["res.partner.contact.role.line"]
        Line.create(
            [
                {"partner_id": cls.p1.id, "role_id": cls.role_purchasing.id},
                {"partner_id": cls.p2.id, "role_id": cls.role_purchasing.id},
                {"partner_id": cls.third.id, "role_id": cls.role_purchasing.id},
                {"partner_id": cls.p1.id, "role_id": cls.role_ap.id},
            ]
        )

    def _record(self, partner, state, days_ago):
        wizard = Form(
            self.env["res.partner.consent.wizard"].with_context(
                default_partner_id=partner.id, default_state=state
            )
        )
        wizard.channel = "phone"
        wizard.date = fields.Datetime.now() - timedelta(days=days_ago)
        wizard.save().action_confirm()

    def _merge(self, partners, dst):
        """As the user does: Contacts › select › Action › Merge."""
        wizard = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner", active_ids=partners.ids
            )
        )
        wizard.dst_partner_id = dst
        wizard.save().action_merge()

    def _ranking(self, role):
        lines = (
            self.env["res.partner.contact.role.line"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", self.customer.id),
                    ("role_id", "=", role.id),
                ]
            )
        )
        return [(line.partner_id, line.rank) for line in lines]

    @users("crm_ext_salesman")
    def test_merge_keeps_the_best_rank_of_each_role(self):
        p1, p2 = self.p1.with_env(self.env), self.p2.with_env(self.env)
        self.assertEqual(
            self._ranking(self.role_purchasing),
            [(self.p1, 1), (self.p2, 2), (self.third, 3)],
        )
        self._merge(p1 | p2, p2)
        self.assertFalse(p1.exists())
        self.assertEqual(
            sorted((line.role_id.code, line.rank) for line in p2.role_line_ids),
            [("accounts_payable", 1), ("purchasing", 1)],
        )
        self.assertEqual(
            self._ranking(self.role_purchasing), [(self.p2, 1), (self.third, 2)]
        )
        self.assertEqual(self._ranking(self.role_ap), [(self.p2, 1)])
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(order.partner_contact_id, self.p2)

    @users("crm_ext_salesman")
    def test_merge_into_the_lower_rank_keeps_rank_one(self):
        """Merged the other way round, the kept contact takes rank 1 too."""
        p1, p2 = self.p1.with_env(self.env), self.p2.with_env(self.env)
        self._merge(p1 | p2, p1)
        self.assertEqual(
            self._ranking(self.role_purchasing), [(self.p1, 1), (self.third, 2)]
        )

    @users("crm_ext_salesman")
    def test_merge_consent_follows_the_merged_history(self):
        p1, p2 = self.p1.with_env(self.env), self.p2.with_env(self.env)
        self._record(p2, "granted", days_ago=10)
        self._record(p1, "granted", days_ago=5)
        self._record(p1, "withdrawn", days_ago=1)
        self.assertEqual(p2.consent_state, "granted")
        self._merge(p1 | p2, p2)
        self.assertEqual(p2.consent_state, "withdrawn")
        self.assertFalse(p2.allow_communication)
        # Every event kept, none rewritten.
        self.assertEqual(
            p2.sudo().consent_ids.mapped("state"),
            ["withdrawn", "granted", "granted"],
        )
        self.assertTrue(p2.is_blacklisted)

    @users("crm_ext_salesman")
    def test_merge_lifts_a_withdrawal_the_merged_history_overrides(self):
        # Jeanne, entered twice: her withdrawal on one card blacklisted the
        # address; her later grant on the other card could not lift it (another
        # contact had withdrawn). Merged, her latest event is the grant: she
        # may be mailed again.
        p1, p2 = self.p1.with_env(self.env), self.p2.with_env(self.env)
        self._record(p1, "withdrawn", days_ago=5)
        self._record(p2, "granted", days_ago=1)
        self.assertTrue(p2.is_blacklisted)
        self._merge(p1 | p2, p2)
        self.assertEqual(p2.consent_state, "granted")
        p2.invalidate_recordset()
        self.assertFalse(p2.is_blacklisted)
        self.assertEqual(p2.marketing_basis, "express")

    @users("crm_ext_salesman")
    def test_merge_moves_done_todos_notes_and_warnings(self):
        p1, p2 = self.p1.with_env(self.env), self.p2.with_env(self.env)
        done = p1.activity_schedule(
            "mail.mail_activity_data_todo", summary="Rappeler Jeanne"
        )
        done.action_feedback(feedback="Rappelée")
        self.assertFalse(done.exists().active)
        open_todo = p1.activity_schedule(
            "mail.mail_activity_data_todo", summary="Envoyer le catalogue"
        )
        note = self.env["res.partner.note"].create(
            {"partner_id": p1.id, "name": "Préfère le courriel"}
        )
        warning = self.env["res.partner.warning"].create(
            {"partner_id": p1.id, "message": "Paie en retard"}
        )
        self._merge(p1 | p2, p2)
        activities = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "=", "res.partner"), ("res_id", "=", p2.id)])
        )
        self.assertIn(done, activities)
        self.assertIn(open_todo, activities)
        self.assertEqual(note.partner_id, p2)
        self.assertIn(note, p2.note_ids)
        self.assertEqual(warning.partner_id, p2)
        self.assertIn(warning, p2.partner_warning_ids)
        # The contact's history shows the done To-Do.
        action = p2.action_view_partner_activities()
        self.assertIn(
            "Rappeler Jeanne",
            self.env[action["res_model"]]
            .with_context(active_test=False)
            .search(action["domain"])
            .mapped("name"),
        )

    @users("crm_ext_salesman")
    def test_merge_of_companies_ranks_the_holders_after_the_kept_ones(self):
        Partner = self.env["res.partner"]
        double = Partner.create(
            {"name": "Chocolaterie Test (doublon)", "is_company": True}
        )
        buyer = Partner.create({"name": "Marc Doublon", "parent_id": double.id})
        self.env["res.partner.contact.role.line"].create(
            {"partner_id": buyer.id, "role_id": self.role_purchasing.id}
        )
        self._merge(double | self.customer.with_env(self.env), self.customer)
        self.assertEqual(buyer.parent_id, self.customer)
        self.assertEqual(
            self._ranking(self.role_purchasing),
            [(self.p1, 1), (self.p2, 2), (self.third, 3), (buyer, 4)],
        )
