"""Tour: a salesperson starts a quotation from a contact, then cancels it as lost."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("standard", "post_install", "-at_install")
class TestSalesOccasionsTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_tour_occasion_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )

    def test_quotation_from_contact_cancelled_with_reason(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.start_tour(
            f"/odoo/contacts/{laura.id}",
            "crm_contacts_ext_sales_occasions",
            login=self.salesman.login,
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", laura.id), ("user_id", "=", self.salesman.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.occasion_status, "lost")
        self.assertEqual(order.lost_reason_id.code, "PRIX")
        self.assertEqual(order.order_line.product_uom_qty, 10)
