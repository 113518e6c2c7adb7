"""A quotation whose customer gets a blocking warning after it was sent, on the
customer portal and in the payment's post-processing.

The customer never reads the warning (internal to the seller); the quotation is
not offered for signature or payment while blocked, stays open to be signed once
the block is lifted, and a captured payment never leaves an order that fails at
every run of the scheduled action.
"""

import base64

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.account_payment.tests.common import AccountPaymentCommon
from odoo.addons.sale.tests.common import SaleCommon

WARNING_TEXT = "Unpaid since March: legal action in progress"
# A 1x1 PNG, as the portal's signature pad sends.
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4e0"
        "0000000049454e44ae426082"
    )
).decode()


@tagged("standard", "post_install", "-at_install")
class TestPortalBlockedSignature(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_portal_salesman",
            name="Sophie Vendeuse",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
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
        product = cls.env["product.product"].create(
            {"name": "Boîte de truffes", "list_price": 40.0, "taxes_id": False}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.company.id,
                "user_id": cls.salesman.id,
                "require_signature": True,
                "require_payment": False,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 3})
                ],
            }
        )
        cls.order.action_quotation_sent()
        cls.token = cls.order._portal_ensure_token()
        # Blocked after the quotation was sent.
        cls.warning = cls.env["res.partner.warning"].create(
            {
                "partner_id": cls.company.id,
                "message": WARNING_TEXT,
                "blocking": True,
                "on_sale_order": True,
                "company_id": False,
            }
        )

    def _accept(self):
        return self.make_jsonrpc_request(
            f"/my/orders/{self.order.id}/accept",
            {
                "access_token": self.token,
                "name": "Pierre Bloqué",
                "signature": SIGNATURE,
            },
        )

    def test_signing_a_blocked_quotation_shows_no_internal_text(self):
        result = self._accept()
        self.assertEqual(
            result,
            {
                "error": "This quotation cannot be accepted online at the moment. "
                "Please contact your salesperson."
            },
        )
        self.assertNotIn("legal action", str(result))
        self.assertFalse(self.order.signature, "nothing signed")
        self.assertEqual(self.order.state, "sent")
        activity = self.order.activity_ids
        self.assertEqual(activity.user_id, self.salesman, "the salesperson is alerted")
        # Once the block is lifted, the customer signs: the quotation was not stuck.
        self.warning.active = False
        result = self._accept()
        self.assertIn("redirect_url", result)
        self.assertEqual(self.order.state, "sale")
        self.assertTrue(self.order.signature)

    def test_the_portal_page_offers_no_signature_and_a_neutral_message(self):
        response = self.url_open(
            f"/my/orders/{self.order.id}?access_token={self.token}"
        )
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("This quotation cannot be accepted online at the moment.", page)
        self.assertNotIn(WARNING_TEXT, page)
        self.assertNotIn('data-bs-target="#modalaccept"', page)


@tagged("standard", "post_install", "-at_install")
class TestBlockedOrderPayment(AccountPaymentCommon, SaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.currency = cls.sale_order.currency_id
        cls.partner = cls.sale_order.partner_invoice_id
        cls.provider.journal_id.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == cls.provider
        ).payment_account_id = cls.inbound_payment_method_line.payment_account_id
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_payment_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.sale_order.user_id = cls.salesman
        cls.sale_order.action_quotation_sent()
        cls.env["res.partner.warning"].create(
            {
                "partner_id": cls.sale_order.partner_id.id,
                "message": WARNING_TEXT,
                "blocking": True,
                "on_sale_order": True,
                "company_id": False,
            }
        )

    def test_a_captured_payment_leaves_the_blocked_order_to_the_salesperson(self):
        self.amount = self.sale_order.amount_total
        tx = self._create_transaction(
            flow="redirect", sale_order_ids=[self.sale_order.id], state="done"
        )
        # What the scheduled action "post-process payment transactions" runs for
        # each transaction (the action itself commits, which a test may not).
        tx._post_process()
        self.assertTrue(tx.is_post_processed, "processed once, not retried forever")
        self.assertEqual(self.sale_order.state, "sent")
        activity = self.sale_order.activity_ids
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("Paid online", activity.summary)
        self.assertTrue(tx.payment_id, "the payment itself is recorded")
