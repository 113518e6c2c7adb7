"""Tour: a salesperson adds an opportunity with product lines from a contact."""

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestOpportunityLinesTour(TourCase):
    tour_login = "crm_ext_tour_opp_salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Truffes de la tournée", "list_price": 30.0, "sale_ok": True}
        )

    def test_opportunity_with_lines_from_contact(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.run_tour(laura, "opportunity_lines")
        lead = self.env["crm.lead"].search(
            [("name", "=", "Coffrets de Noël"), ("partner_id", "=", laura.id)]
        )
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.line_ids.product_id, self.product)
        self.assertEqual(lead.line_ids.price_subtotal, 81.0)
        self.assertEqual(lead.expected_revenue, 81.0)
        self.assertEqual(lead.opportunity_status, "open")
