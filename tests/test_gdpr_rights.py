"""Right of access (JSON export) and erasure (anonymisation) of a contact."""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestGdprRights(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo = new_test_user(
            cls.env,
            login="crm_ext_dpo_acc",
            name="Delphine Protection",
            groups="account.group_account_invoice,base.group_partner_manager,"
            "crm_contacts_ext.group_personal_data",
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Gaston Lagaffe",
                "email": "gaston@example.com",
                "phone": "418 555-0101",
                "street": "12 rue des Gaffes",
                "city": "Lévis",
            }
        )
        Consent = cls.env["res.partner.consent"]
        for state, proof in (("granted", "Oui au téléphone"), ("withdrawn", None)):
            Consent.create(
                {
                    "partner_id": cls.person.id,
                    "state": state,
                    "legal_basis": "consent" if state == "granted" else False,
                    "channel": "phone",
                    "proof": proof,
                }
            )

    @users("crm_ext_dpo_acc")
    def test_json_export_contains_consent_history(self):
        person = self.person.with_env(self.env)
        action = person.action_export_personal_data()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.mimetype, "application/json")
        data = json.loads(attachment.raw)
        self.assertEqual(data["fields"]["name"], "Gaston Lagaffe")
        self.assertEqual(data["fields"]["email"], "gaston@example.com")
        self.assertEqual(data["fields"]["consent_state"], "withdrawn")
        self.assertEqual(
            [(c["state"], c["proof"]) for c in data["consents"]],
            [("granted", "Oui au téléphone"), ("withdrawn", None)],
        )
        self.assertIn("activities", data)
        # the file is the requester's, not shown on the contact to every user
        self.assertFalse(attachment.res_model)
        with self.assertRaises(AccessError):
            attachment.with_user(self.salesman).raw  # noqa: B018

    def _posted_invoice(self):
        invoice = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.person.id,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Boîte de truffes",
                                "quantity": 3,
                                "price_unit": 25.0,
                                "tax_ids": [],
                            },
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def test_anonymised_contact_keeps_invoice_totals_and_printed_identity(self):
        invoice = self._posted_invoice()
        self.env["mailing.contact"].create(
            {"name": "Gaston", "email": "gaston@example.com"}
        )
        totals = (invoice.amount_untaxed, invoice.amount_total, invoice.amount_residual)
        self.assertFalse(invoice.invoice_pdf_report_id)

        self.person.with_user(self.dpo).action_anonymise()

        person = self.person.with_context(active_test=False)
        self.assertNotIn("Gaston", person.name)
        self.assertFalse(person.email or person.phone or person.street or person.city)
        self.assertFalse(person.active)
        self.assertEqual(person.consent_state, "withdrawn")
        self.assertEqual(len(person.consent_ids), 2, "history kept, not rewritten")
        self.assertFalse(
            self.env["mailing.contact"].search(
                [("email_normalized", "=", "gaston@example.com")]
            )
        )
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            (invoice.amount_untaxed, invoice.amount_total, invoice.amount_residual),
            totals,
        )
        self.assertEqual(invoice.amount_total, 75.0)
        # The legal PDF, printed before the erasure, is what Odoo now serves.
        legal = invoice._get_invoice_legal_documents("pdf")
        self.assertEqual(legal["content"], invoice.invoice_pdf_report_id.raw)
        # (in test mode Odoo renders the report as HTML instead of calling
        # wkhtmltopdf; the stored document is the same rendering)
        printed = legal["content"].decode()
        self.assertIn("Gaston Lagaffe", printed)
        self.assertIn("12 rue des Gaffes", printed)
        self.assertIn("75.00", printed)
        self.assertNotIn(person.name, printed)
        # whereas a fresh rendering would now print the anonymised contact
        fresh, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account.account_invoices", invoice.ids
        )
        self.assertIn(person.name, fresh.decode())
        self.assertNotIn("Gaston Lagaffe", fresh.decode())

    @users("crm_ext_salesman")
    def test_export_and_anonymise_need_personal_data_group(self):
        with self.assertRaises(UserError):
            self.person.with_env(self.env).action_export_personal_data()
        with self.assertRaises(UserError):
            self.person.with_env(self.env).action_anonymise()
        self.assertEqual(self.person.name, "Gaston Lagaffe")
