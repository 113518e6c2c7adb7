"""Prextra's "Occasions de vente": quotations and orders of a contact, lost reasons."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestSalesOccasions(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Truffes assorties", "list_price": 100.0, "sale_ok": True}
        )
        cls.reason_price = cls.env.ref("crm_contacts_ext.sale_order_lost_reason_price")

    def _quotation(self, partner=None, qty=1):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.contact).id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": qty})
                ],
            }
        )

    @users("crm_ext_salesman")
    def test_cancel_without_reason_is_refused(self):
        quotation = self._quotation()
        with self.assertRaises(UserError) as refusal:
            quotation.action_cancel()
        self.assertIn("Lost Reason", str(refusal.exception))
        self.assertEqual(quotation.state, "draft")
        self.assertEqual(quotation.occasion_status, "in_progress")

    @users("crm_ext_salesman")
    def test_lost_reason_shown_only_on_lost_quotations(self):
        form = Form(self.env["sale.order"])
        form.partner_id = self.customer
        self.assertTrue(form._get_modifier("lost_reason_id", "invisible"))
        quotation = self._quotation()
        quotation.write({"lost_reason_id": self.reason_price.id})
        quotation.action_cancel()
        form = Form(quotation)
        self.assertFalse(form._get_modifier("lost_reason_id", "invisible"))

    @users("crm_ext_salesman")
    def test_cancel_with_reason_is_lost(self):
        """What an RPC client does: write the reason, then cancel."""
        quotation = self._quotation()
        quotation.write({"lost_reason_id": self.reason_price.id})
        quotation.action_cancel()
        self.assertEqual(quotation.state, "cancel")
        self.assertEqual(quotation.occasion_status, "lost")
        self.assertEqual(quotation.lost_reason_id.code, "PRIX")
        self.assertEqual(quotation.lost_reason_id.display_name, "[PRIX] Price too high")

        # Back to draft, it is a live occasion again, without the old reason.
        quotation.action_draft()
        self.assertEqual(quotation.occasion_status, "in_progress")
        self.assertFalse(quotation.lost_reason_id)

    @users("crm_ext_salesman")
    def test_cancel_wizard_asks_for_the_reason(self):
        quotation = self._quotation()
        quotation.action_quotation_sent()
        action = quotation.action_cancel()
        self.assertEqual(action["res_model"], "sale.order.cancel")
        Wizard = self.env["sale.order.cancel"].with_context(action["context"])
        # Through RPC, without the form's required field: still refused.
        with self.assertRaises(UserError) as refusal:
            Wizard.create({"order_id": quotation.id}).action_cancel()
        self.assertIn("Lost Reason", str(refusal.exception))
        self.assertEqual(quotation.state, "sent")

        with Form(Wizard) as form:
            form.lost_reason_id = self.reason_price
        form.record.action_cancel()
        self.assertEqual(quotation.state, "cancel")
        self.assertEqual(quotation.lost_reason_id, self.reason_price)

    @users("crm_ext_salesman")
    def test_form_cancel_button_asks_for_the_reason(self):
        quotation = self._quotation()
        view = self.env.ref("sale.view_order_form")
        arch = quotation.get_views([(view.id, "form")])["views"]["form"]["arch"]
        self.assertIn("ask_lost_reason", arch)
        ui = quotation.with_context(ask_lost_reason=True)
        action = ui.action_cancel()
        self.assertEqual(action["res_model"], "sale.order.cancel")
        self.assertEqual(quotation.state, "draft")
        quotation.lost_reason_id = self.reason_price
        ui.action_cancel()
        self.assertEqual(quotation.state, "cancel")

    @users("crm_ext_salesman")
    def test_mass_cancel(self):
        orders = self._quotation() | self._quotation(qty=2)
        wizard = self.env["sale.mass.cancel.orders"].create(
            {"sale_order_ids": [(6, 0, orders.ids)]}
        )
        with self.assertRaises(UserError) as refusal:
            wizard.action_mass_cancel()
        self.assertIn("Lost Reason", str(refusal.exception))
        self.assertEqual(set(orders.mapped("state")), {"draft"})
        wizard.lost_reason_id = self.reason_price
        wizard.action_mass_cancel()
        self.assertEqual(set(orders.mapped("state")), {"cancel"})
        self.assertEqual(orders.lost_reason_id, self.reason_price)

    def test_customer_declining_online_gets_the_online_reason(self):
        quotation = self._quotation()
        # The portal's decline cancels in sudo, on the customer's behalf.
        quotation.sudo()._action_cancel()
        self.assertEqual(quotation.state, "cancel")
        self.assertEqual(quotation.lost_reason_id.code, "WEB")

    @users("crm_ext_salesman")
    def test_contact_sees_its_company_occasions_by_status(self):
        own = self._quotation()
        company = self._quotation(partner=self.customer, qty=3)
        colleague = self._quotation(partner=self.contact_ap, qty=2)
        company.action_confirm()
        colleague.lost_reason_id = self.reason_price
        colleague.action_cancel()
        elsewhere = self._quotation(
            partner=self.env["res.partner"].create({"name": "Autre client"})
        )

        contact = self.contact.with_env(self.env)
        self.assertEqual(contact.sales_occasion_count, 3)
        action = contact.action_view_sales_occasions()
        self.assertEqual(action["res_model"], "sale.order")
        Order = self.env["sale.order"]
        found = Order.search(action["domain"])
        self.assertEqual(found, own | company | colleague)
        # The list opens on what the button counts: no default filter narrows it.
        self.assertFalse(
            [
                key
                for key in action["context"]
                if key.startswith("search_default_filter")
            ]
        )
        self.assertEqual(len(found), contact.sales_occasion_count)
        self.assertNotIn(elsewhere, found)
        by_status = {
            status: Order.search(action["domain"] + [("occasion_status", "=", status)])
            for status in ("in_progress", "won", "lost")
        }
        self.assertEqual(by_status["in_progress"], own)
        self.assertEqual(by_status["won"], company)
        self.assertEqual(by_status["lost"], colleague)
        self.assertEqual(company.amount_total, 300.0 + company.amount_tax)

        # "+": a new quotation for the contact.
        new_action = contact.action_new_quotation()
        with Form(Order.with_context(new_action["context"])) as form:
            self.assertEqual(form.partner_id, contact)
            with form.order_line.new() as line:
                line.product_id = self.product
        self.assertEqual(form.record.partner_id, contact)
        contact.invalidate_recordset(["sales_occasion_count"])
        self.assertEqual(contact.sales_occasion_count, 4)
