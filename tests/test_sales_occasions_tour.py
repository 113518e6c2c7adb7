"""Tour: a salesperson starts a quotation from a contact, then cancels it as lost."""

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestSalesOccasionsTour(TourCase):
    tour_login = "crm_ext_tour_occasion_salesman"

    def test_quotation_from_contact_cancelled_with_reason(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.run_tour(laura, "sales_occasions")
        order = self.env["sale.order"].search(
            [("partner_id", "=", laura.id), ("user_id", "=", self.salesman.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.occasion_status, "lost")
        self.assertEqual(order.lost_reason_id.code, "PRIX")
        self.assertEqual(order.order_line.product_uom_qty, 10)
