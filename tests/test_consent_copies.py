"""Consent on every path that copies a contact (issue 17 #12): a copy starts
with consent Unknown and no event, and no path undoes a withdrawal."""

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestConsentCopies(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="crm_ext_mailing_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager,"
            "mass_mailing.group_mass_mailing_user",
        )
        new_test_user(
            cls.env,
            login="crm_ext_export_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager,"
            "base.group_allow_export",
        )
        cls.contact.email = "jeanne.achat@example.com"
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Cacao Fournisseur", "is_company": True}
        )
        cls.mailing_list = cls.env["mailing.list"].create({"name": "Infolettre"})

    def _record(self, partner, state):
        """Record an event as the user does: the wizard behind the checkbox."""
        wizard = Form(
            self.env["res.partner.consent.wizard"].with_context(
                default_partner_id=partner.id, default_state=state
            )
        )
        wizard.channel = "phone"
        wizard.save().action_confirm()

    def _export(self, partner, fields):
        """The rows of an export as its CSV file holds them: texts."""
        rows = partner.export_data(fields)["datas"]
        return [["" if value is False else str(value) for value in row] for row in rows]

    def _assert_no_consent(self, partner):
        self.assertEqual(partner.consent_state, "unknown")
        self.assertFalse(partner.allow_communication)
        self.assertFalse(partner.sudo().consent_ids)

    @users("crm_ext_salesman")
    def test_duplicate_starts_without_consent(self):
        contact = self.contact.with_env(self.env)
        self._record(contact, "granted")
        copy = contact.copy()
        self._assert_no_consent(copy)
        # The original keeps its own.
        self.assertEqual(contact.consent_state, "granted")
        self.assertEqual(len(contact.sudo().consent_ids), 1)

    @users("crm_ext_salesman")
    def test_copy_to_another_company_starts_without_consent(self):
        contact = self.contact.with_env(self.env)
        self._record(contact, "granted")
        action = contact.action_open_copy_to()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.target = "company"
        wizard.target_company_id = self.supplier
        action = wizard.save().action_copy()
        copy = self.env["res.partner"].browse(action["res_id"])
        self.assertEqual(copy.parent_id, self.supplier)
        self._assert_no_consent(copy)

    @users("crm_ext_export_salesman")
    def test_import_of_an_export_starts_without_consent(self):
        contact = self.contact.with_env(self.env)
        self._record(contact, "granted")
        fields = ["name", "email", "allow_communication"]
        rows = self._export(contact, fields)
        self.assertEqual(rows[0][2], "True")
        rows[0][0] = "Jeanne Copiée"
        result = self.env["res.partner"].load(fields, rows)
        [copy] = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(copy.name, "Jeanne Copiée")
        self._assert_no_consent(copy)
        # The user is told why.
        [message] = result["messages"]
        self.assertEqual(message["type"], "warning")
        self.assertIn("Jeanne Copiée", message["message"])

    @users("crm_ext_export_salesman")
    def test_import_does_not_undo_a_withdrawal(self):
        contact = self.contact.with_env(self.env)
        self._record(contact, "granted")
        fields = ["id", "name", "allow_communication"]
        rows = self._export(contact, fields)
        self._record(contact, "withdrawn")
        # The old export imported again: it would grant her consent again.
        result = self.env["res.partner"].load(fields, rows)
        self.assertFalse(result["ids"])
        self.assertIn("withdrew", result["messages"][0]["message"])
        contact.invalidate_recordset()
        self.assertEqual(contact.consent_state, "withdrawn")
        self.assertEqual(
            contact.sudo().consent_ids.mapped("state"), ["withdrawn", "granted"]
        )
        self.assertTrue(contact.is_blacklisted)

    @users("crm_ext_mailing_salesman")
    def test_copy_to_mailing_list_refused_after_withdrawal(self):
        contact = self.contact.with_env(self.env)
        self._record(contact, "withdrawn")
        wizard = self.env["res.partner.copy.to"].create(
            {
                "partner_id": contact.id,
                "target": "mailing_list",
                "mailing_list_id": self.mailing_list.id,
            }
        )
        with self.assertRaisesRegex(UserError, "withdrew"):
            wizard.action_copy()
        self.assertFalse(self.mailing_list.contact_ids)
