"""Tour: card fields filled in, then the contact copied to a new lead."""

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestContactCopyToTour(TourCase):
    tour_login = "crm_ext_tour_copy_salesman"

    def test_card_fields_and_copy_as_prospect(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.run_tour(laura, "copy_to")
        # Opening the wizard saved the card; the lead was created from it.
        self.assertEqual(laura.department, "Achats et approvisionnement")
        lead = self.env["crm.lead"].search(
            [("name", "=", "Prospect Laura — salon 2026")]
        )
        self.assertEqual(lead.partner_id, laura)
        self.assertEqual(lead.email_from, laura.email)
