"""Tour: a salesperson opens and edits Laura Secord's card."""

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestContactCardTour(TourCase):
    tour_login = "crm_ext_tour_salesman"

    def test_open_laura_secord_card(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.run_tour(laura, "laura_card")
        # The tour edited the job position and saved: the change must be in the
        # database.
        self.assertEqual(laura.function, "Acheteuse principale")
