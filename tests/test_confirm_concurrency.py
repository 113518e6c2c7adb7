"""Two users confirming quotations of one prospect at the same time (issue 19).

Confirming makes the customer a customer. Done by writing its row, the second
confirmation waited for the first and then failed with a serialization error,
logged as an ERROR and retried by Odoo. Marked through Odoo's ``_increase_rank``,
the second one neither waits nor fails: the first marks the customer.

The records are committed (other cursors cannot see a test's uncommitted data)
and deleted at the end.
"""

from odoo import api
from odoo.tests import tagged

from .common import ConcurrencyCase


@tagged("standard", "post_install", "-at_install")
class TestConfirmConcurrency(ConcurrencyCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            self.customer_id = (
                env["res.partner"]
                .create({"name": "Prospect Concurrent", "is_company": True})
                .id
            )
            self.product_id = (
                env["product.product"]
                .create({"name": "Truffes", "list_price": 9, "type": "service"})
                .id
            )
        self.addCleanup(self._delete_committed_records)

    def _delete_committed_records(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM sale_order WHERE partner_id = %s", [self.customer_id]
            )
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(self.customer_id).unlink()

    def _confirm(self, env):
        order = env["sale.order"].create(
            {
                "partner_id": self.customer_id,
                "order_line": [
                    (0, 0, {"product_id": self.product_id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        env.flush_all()
        return order

    def test_two_users_confirm_for_one_prospect_at_once(self):
        envs = []
        for __ in range(2):
            cr = self.registry.cursor()
            self.addCleanup(cr.close)
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            # Both users have the prospect on screen: their snapshots start now.
            self.assertEqual(
                env["res.partner"].browse(self.customer_id).contact_status, "prospect"
            )
            envs.append(env)
        env_1, env_2 = envs
        # The first confirms and has not committed yet when the second confirms:
        # called directly, without Odoo's retries; a wait for the first one's
        # row lock would fail the test (statement_timeout).
        self._confirm(env_1)
        env_2.cr.execute("SET LOCAL statement_timeout = '5s'")
        self._confirm(env_2)
        env_1.cr.commit()
        env_2.cr.commit()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            customer = env["res.partner"].browse(self.customer_id)
            self.assertEqual(customer.contact_status, "customer")
            self.assertEqual(
                env["sale.order"].search_count(
                    [("partner_id", "=", customer.id), ("state", "=", "sale")]
                ),
                2,
            )
