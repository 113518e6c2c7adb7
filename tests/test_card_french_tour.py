"""Tour: Laura Secord's card read by a salesperson working in Québec French."""

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestCardFrenchTour(TourCase):
    tour_login = "crm_ext_french_tour_salesman"
    tour_lang = "fr_CA"

    def test_laura_secord_card_in_french(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.assertEqual(self.salesman.lang, "fr_CA")
        self.run_tour(laura, "card_french")
