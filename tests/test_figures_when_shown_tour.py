"""Tour: the figures of the card's buttons under "More" are read when shown.

The card opens without computing the figures of the buttons a laptop's screen
folds under "More" (issue 19: a card read as fast as plain Odoo's); they are read
together, in one request, when the user opens "More", and again after a save.
"""

from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import TourCase

FOLDED = ("meeting_count", "sale_order_count")


@tagged("standard", "post_install", "-at_install")
class TestFiguresWhenShownTour(TourCase):
    tour_login = "crm_ext_figures_tour_salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env["res.partner"].create(
            {"name": "Cacao Chiffres", "is_company": True}
        )
        start = fields.Datetime.now().replace(microsecond=0)
        env["calendar.event"].create(
            [
                {
                    "name": name,
                    "start": start,
                    "stop": start,
                    "partner_ids": [(4, cls.company.id)],
                }
                for name in ("Dégustation", "Commande de Noël")
            ]
        )
        env["sale.order"].create(
            {"partner_id": cls.company.id, "user_id": cls.salesman.id}
        )

    def test_figures_read_when_more_is_opened(self):
        Partner = type(self.env["res.partner"])
        web_read = Partner.web_read
        reads = []

        def recording_web_read(records, specification):
            result = web_read(records, specification)
            if self.company.id not in records.ids or not (
                set(FOLDED) & specification.keys()
            ):
                return result  # a name, a tab's list
            if "name" in specification:
                reads.append("card")
                self.assertEqual([result[0][name] for name in FOLDED], [None, None])
            else:
                reads.append(sorted(name for name in FOLDED if name in result[0]))
                self.assertEqual(result[0]["meeting_count"], 2)
            return result

        with patch.object(Partner, "web_read", recording_web_read):
            self.run_tour(self.company, "figures_when_shown")

        # The card, its figures (both in one request) when More is opened; the
        # card again when saved, its figures when More is opened again.
        folded = sorted(FOLDED)
        self.assertEqual(reads, ["card", folded, "card", folded])
        self.assertEqual(self.company.phone, "+1 514-555-0199")
