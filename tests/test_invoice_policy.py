"""Invoicing policy per customer (issue 21; OpenFire's *Comptabilité* tab,
"Politique de facturation").

The customer's policy (company dependent, set on its Invoicing tab by form,
XML-RPC or import) decides what its sales order lines are invoiced on, whatever
the product's own policy: quantities to invoice, invoice status, amounts to
invoice, invoices made from orders. Empty: the product's policy, as in Odoo.
"""

from odoo.tests import Form, HttpCase, get_db_name, new_test_user, tagged

from .common import ContactsCase

ACCOUNTANT_GROUPS = "account.group_account_invoice,base.group_partner_manager"


class InvoicePolicyCase(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delivered_product = cls.env["product.product"].create(
            {
                "name": "Ballotin livré",
                "type": "consu",
                "invoice_policy": "delivery",
                "list_price": 20.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.ordered_product = cls.env["product.product"].create(
            {
                "name": "Coffret commandé",
                "type": "consu",
                "invoice_policy": "order",
                "list_price": 30.0,
                "taxes_id": [(5, 0, 0)],
            }
        )

    def _confirmed_order(self, partner, product, qty=5):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": qty})
                    ],
                }
            )
        )
        order.action_confirm()
        return order

    def _deliver(self, order, qty):
        picking = order.picking_ids
        ordered_moves = picking.move_ids.filtered("sale_line_id")
        ordered_moves.quantity = qty
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True).button_validate()


@tagged("standard", "post_install", "-at_install")
class TestInvoicePolicy(InvoicePolicyCase):
    def test_ordered_customer_invoiced_on_confirmation_for_delivered_product(self):
        self.customer.invoice_policy = "order"
        order = self._confirmed_order(self.contact, self.delivered_product)
        line = order.order_line
        self.assertEqual(line.invoice_policy, "order")
        self.assertEqual(line.qty_delivered, 0)
        self.assertEqual(line.qty_to_invoice, 5)
        self.assertEqual(line.invoice_status, "to invoice")
        self.assertEqual(order.invoice_status, "to invoice")
        self.assertEqual(line.untaxed_amount_to_invoice, 100.0)
        self.assertEqual(line.amount_to_invoice, 100.0)
        # The salesperson makes the invoice with Odoo's wizard.
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_user(self.salesman)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "delivered"})
        )
        wizard.create_invoices()
        invoice = order.invoice_ids
        self.assertEqual(invoice.invoice_line_ids.quantity, 5)
        self.assertEqual(invoice.amount_untaxed, 100.0)
        self.assertEqual(line.qty_to_invoice, 0)
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(line.untaxed_amount_to_invoice, 0)
        self.assertEqual(order.invoice_status, "invoiced")
        # Delivering more than ordered afterwards: an upselling opportunity.
        self._deliver(order, 7)
        self.assertEqual(line.invoice_status, "upselling")

    def test_delivered_customer_waits_for_delivery_of_ordered_product(self):
        self.customer.invoice_policy = "delivery"
        order = self._confirmed_order(self.customer, self.ordered_product)
        line = order.order_line
        self.assertEqual(line.qty_to_invoice, 0)
        self.assertEqual(line.invoice_status, "no")
        self.assertEqual(order.invoice_status, "no")
        self.assertEqual(line.untaxed_amount_to_invoice, 0)
        self.assertEqual(line.amount_to_invoice, 0)
        self._deliver(order, 2)
        self.assertEqual(line.qty_to_invoice, 2)
        self.assertEqual(line.invoice_status, "to invoice")
        self.assertEqual(line.untaxed_amount_to_invoice, 60.0)
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.quantity, 2)

    def test_extra_delivered_product_priced_by_customer_policy(self):
        # A product delivered beyond the order gets a line (sale_stock), priced
        # for the policy it is invoiced on: here the customer's, on deliveries.
        self.customer.invoice_policy = "delivery"
        order = self._confirmed_order(self.customer, self.ordered_product, qty=5)
        picking = order.picking_ids
        self.env["stock.move"].create(
            {
                "name": "Coffret en plus",
                "product_id": self.ordered_product.id,
                "product_uom_qty": 2,
                "quantity": 2,
                "product_uom": self.ordered_product.uom_id.id,
                "picking_id": picking.id,
                "location_id": picking.location_id.id,
                "location_dest_id": picking.location_dest_id.id,
            }
        )
        self._deliver(order, 5)
        extra = order.order_line - order.order_line[0]
        self.assertEqual(extra.qty_delivered, 2)
        self.assertEqual(extra.price_unit, 30.0, "the ordered line's price, not 0")
        self.assertEqual(extra.untaxed_amount_to_invoice, 60.0)

    def test_no_customer_policy_keeps_the_products(self):
        order = self._confirmed_order(self.customer, self.delivered_product)
        self.assertEqual(order.order_line.qty_to_invoice, 0)
        self.assertEqual(order.invoice_status, "no")
        order = self._confirmed_order(self.customer, self.ordered_product)
        self.assertEqual(order.order_line.qty_to_invoice, 5)

    def test_company_dependent(self):
        other_company = self.env["res.company"].create({"name": "Filiale Politique"})
        self.customer.with_company(other_company).invoice_policy = "order"
        self.assertFalse(self.customer.invoice_policy, "set for the other company only")
        order = self._confirmed_order(self.customer, self.delivered_product)
        self.assertEqual(order.order_line.qty_to_invoice, 0, "the product's policy")

    def test_accountant_sets_it_on_the_invoicing_tab(self):
        with Form(self.customer.with_user(self.accountant)) as form:
            form.invoice_policy = "order"
        self.assertEqual(self.customer.invoice_policy, "order")
        with self.assertRaises(AssertionError):
            # Not on the salesperson's card: the Invoicing tab is accounting's.
            Form(self.customer.with_user(self.salesman)).invoice_policy = "delivery"

    def test_accountant_imports_it(self):
        result = (
            self.env["res.partner"]
            .with_user(self.accountant)
            .load(
                ["id", "name", "is_company", "invoice_policy"],
                [
                    [
                        "__import__.policy_customer",
                        "Import Politique",
                        "1",
                        "Ordered quantities",
                    ]
                ],
            )
        )
        self.assertFalse(result["messages"])
        customer = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(customer.invoice_policy, "order")
        order = self._confirmed_order(customer, self.delivered_product)
        self.assertEqual(order.order_line.qty_to_invoice, 5)


@tagged("standard", "post_install", "-at_install")
class TestInvoicePolicyRpc(HttpCase):
    def test_accountant_sets_it_over_xmlrpc(self):
        accountant = new_test_user(
            self.env, login="crm_ext_policy_rpc", groups=ACCOUNTANT_GROUPS
        )
        customer = self.env["res.partner"].create(
            {"name": "Politique RPC", "is_company": True}
        )
        self.xmlrpc_object.execute_kw(
            get_db_name(),
            accountant.id,
            accountant.login,
            "res.partner",
            "write",
            [customer.ids, {"invoice_policy": "order"}],
        )
        self.assertEqual(customer.invoice_policy, "order")
