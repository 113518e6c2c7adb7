"""Emails of a contact under a blocking warning, through Odoo's mail gateway.

Odoo's mail fetcher calls ``message_process`` for each email, catches any error
without rolling back and commits: a refusal raised after the INSERT left the
document in the database, marked the alias invalid and bounced the email. The
email must be kept for a salesperson, the contact left out, the alias valid.
"""

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm.tests import common as crm_common
from odoo.addons.mail.tests.common import MailCommon

# A sales journal's alias only takes emails with a document attached.
EMAIL_WITH_ATTACHMENT = """Return-Path: {return_path}
To: {to}
From: {email_from}
Message-ID: {msg_id}
Subject: {subject}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="SEPARATION"

--SEPARATION
Content-Type: text/plain; charset=utf-8

Please find our order attached. ALL GLORY TO THE HYPNOTOAD!
--SEPARATION
Content-Type: text/plain; charset=utf-8; name="commande.txt"
Content-Disposition: attachment; filename="commande.txt"

12 boxes of truffles
--SEPARATION--
"""


@tagged("standard", "post_install", "-at_install")
class TestMailGatewayBlocked(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_leader = new_test_user(
            cls.env,
            login="crm_ext_team_leader",
            name="Louise Cheffe",
            groups="sales_team.group_sale_salesman_all_leads,base.group_partner_manager",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_gw_salesman",
            name="Sophie Vendeuse",
            groups="sales_team.group_sale_salesman_all_leads,base.group_partner_manager",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Ventes Québec",
                "alias_name": "ventes.quebec",
                "use_leads": True,
                "use_opportunities": True,
                "user_id": cls.team_leader.id,
                "company_id": False,
            }
        )
        Partner = cls.env["res.partner"]
        cls.company = Partner.create(
            {"name": "Chocolaterie Bloquée", "is_company": True}
        )
        cls.person = Partner.create(
            {
                "name": "Pierre Bloqué",
                "parent_id": cls.company.id,
                "email": "pierre@chocolaterie-bloquee.example.com",
            }
        )
        cls.other = Partner.create(
            {"name": "Olivia Libre", "email": "olivia@libre.example.com"}
        )
        cls.env["res.partner.warning"].create(
            {
                "partner_id": cls.company.id,
                "message": "Unpaid since March: legal action in progress",
                "blocking": True,
                "company_id": False,
            }
        )

    def _receive(self, to, subject):
        with self.mock_mail_gateway():
            self.format_and_process(
                crm_common.INCOMING_EMAIL,
                f'"{self.person.name}" <{self.person.email}>',
                to,
                subject=subject,
                target_model="crm.lead",
            )

    def _assert_flagged(self, document, responsible):
        note = document.message_ids.filtered(
            lambda m: "blocking warning" in (m.body or "")
        )
        self.assertEqual(len(note), 1, "an internal note says why the contact is out")
        self.assertTrue(note.subtype_id.internal)
        self.assertIn("Pierre Bloqué", note.body)
        email = document.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertIn("HYPNOTOAD", email.body, "the email itself is kept")
        activity = document.activity_ids
        self.assertEqual(activity.user_id, responsible)
        self.assertEqual(activity.summary, "Email from a blocked contact")
        self.assertNotSentEmail([self.person])

    def test_email_to_team_alias_makes_a_lead_without_the_blocked_contact(self):
        self._receive(self.team.alias_email, "Commande de truffes")
        lead = self.env["crm.lead"].search([("name", "=", "Commande de truffes")])
        self.assertEqual(len(lead), 1, "the email is not lost")
        self.assertFalse(lead.partner_id, "no lead is written for the blocked contact")
        self.assertEqual(lead.email_from, f'"{self.person.name}" <{self.person.email}>')
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(self.team.alias_id.alias_status, "valid")
        self._assert_flagged(lead, self.team_leader)

    def test_email_of_a_free_contact_is_untouched(self):
        with self.mock_mail_gateway():
            self.format_and_process(
                crm_common.INCOMING_EMAIL,
                self.other.email,
                self.team.alias_email,
                subject="Demande de prix",
                target_model="crm.lead",
            )
        lead = self.env["crm.lead"].search([("name", "=", "Demande de prix")])
        self.assertEqual(lead.partner_id, self.other)
        self.assertFalse(lead.activity_ids)

    def test_email_to_sales_journal_alias_makes_an_invoice_without_them(self):
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.env.company.id)], limit=1
        )
        journal.alias_name = "factures.clients"
        with self.mock_mail_gateway():
            self.format_and_process(
                EMAIL_WITH_ATTACHMENT,
                f'"{self.person.name}" <{self.person.email}>',
                journal.alias_email,
                subject="Facture contestée",
                target_model="account.move",
                target_field="invoice_source_email",
            )
        move = self.env["account.move"].search(
            [("invoice_source_email", "=", self.person.email)]
        )
        self.assertEqual(len(move), 1)
        self.assertEqual(move.move_type, "out_invoice")
        self.assertFalse(move.partner_id)
        self.assertEqual(journal.alias_id.alias_status, "valid")
        note = move.message_ids.filtered(lambda m: "blocking warning" in (m.body or ""))
        self.assertEqual(len(note), 1)

    def test_a_reply_to_the_blocked_sender_goes_without_making_them_customer(self):
        self._receive(self.team.alias_email, "Relance truffes")
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .search([("name", "=", "Relance truffes")])
        )
        lead.message_post(
            body="Nous revenons vers vous.",
            partner_ids=self.person.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(lead.partner_id)

    def test_refused_create_writes_no_row_even_when_the_caller_commits(self):
        """As the fetcher does: catch the error, no rollback, go on."""
        Lead = self.env["crm.lead"].with_user(self.salesman)
        try:
            Lead.create({"name": "Lead refusé", "partner_id": self.person.id})
        except UserError as error:
            self.assertIn("legal action in progress", str(error))
        else:
            self.fail("the blocked contact was accepted")
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM crm_lead WHERE name = 'Lead refusé'")
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_refused_write_leaves_the_row_as_it_was(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create({"name": "Lead libre", "partner_id": self.other.id})
        )
        try:
            lead.write({"partner_id": self.person.id})
        except UserError:
            pass
        else:
            self.fail("the blocked contact was accepted")
        self.env.flush_all()
        self.env.cr.execute("SELECT partner_id FROM crm_lead WHERE id = %s", [lead.id])
        self.assertEqual(self.env.cr.fetchone()[0], self.other.id)
