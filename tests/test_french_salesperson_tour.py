"""Tour: a salesperson working in Québec French, from the company's card to a
blocked quotation (issue 20: block message, wording, consent, scheduling dialog,
chatter, nearby contacts, button bar, person opened from the company)."""

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestFrenchSalespersonTour(TourCase):
    tour_login = "crm_ext_ux_fr_ca_salesman"
    tour_lang = "fr_CA"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.folies = env.ref("crm_contacts_ext.partner_folies_au_chocolat")
        cls.laura = env.ref("crm_contacts_ext.partner_laura_secord")
        env["res.partner.warning"].create(
            {
                "partner_id": cls.folies.id,
                "message": "Mauvais payeur",
                "blocking": True,
                "on_meeting": False,
                "on_opportunity": False,
                "on_invoice": False,
            }
        )
        # Saint-Georges (Beauce), and a neighbour about 5 km north.
        cls.laura.write({"partner_latitude": 46.1200, "partner_longitude": -70.6700})
        env["res.partner"].create(
            {
                "name": "Voisine Chocolatière",
                "partner_latitude": 46.1650,
                "partner_longitude": -70.6700,
            }
        )

    def test_french_salesperson_walkthrough(self):
        orders_before = self.env["sale.order"].search_count([])
        self.run_tour(self.folies, "french_salesperson")
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.laura.id),
                ("summary", "=", "Relance hebdomadaire"),
            ]
        )
        self.assertEqual(
            (activity.priority, activity.recurrence_type), ("high", "weekly")
        )
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)
