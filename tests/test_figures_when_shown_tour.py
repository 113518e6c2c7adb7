"""Tour: the figures of the card's buttons under "More" are read when shown.

The card opens without computing the figures of the buttons a laptop's screen
folds under "More" (issue 19: a card read as fast as plain Odoo's); they are read
together, in one request, when the user opens "More", and again after a save.
On a wide screen the bar shows them: they are read right after the card opens.
"""

import time
from contextlib import contextmanager
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import TourCase

FOLDED = ("meeting_count", "sale_order_count")


class FiguresCase(TourCase):
    tour_login = "crm_ext_figures_tour_salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company, cls.other = env["res.partner"].create(
            [
                {"name": "Cacao Chiffres", "is_company": True},
                {"name": "Cacao Chiffres Zéro", "is_company": True},
            ]
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

    @contextmanager
    def recorded_reads(self, delay=0):
        """The reads of the cards' folded figures: ("card", name) for a card's
        read (the figures not computed), (name, {figure: value}) for the read
        of its figures, which takes ``delay`` seconds more (a busy server)."""
        Partner = type(self.env["res.partner"])
        web_read = Partner.web_read
        reads = []

        def recording_web_read(records, specification):
            result = web_read(records, specification)
            if len(records) != 1 or not set(FOLDED) & specification.keys():
                return result  # a list, a tab's lines
            if "name" in specification:
                reads.append(("card", records.name))
                self.assertEqual([result[0][name] for name in FOLDED], [None, None])
            else:
                reads.append((records.name, {n: result[0][n] for n in FOLDED}))
                time.sleep(delay)
            return result

        with patch.object(Partner, "web_read", recording_web_read):
            yield reads


@tagged("standard", "post_install", "-at_install")
class TestFiguresWhenShownTour(FiguresCase):
    def test_figures_read_when_more_is_opened(self):
        with self.recorded_reads() as reads:
            self.run_tour(self.company, "figures_when_shown")
        # The card, its figures (both in one request) when More is opened; the
        # card again when saved, its figures when More is opened again.
        figures = ("Cacao Chiffres", {"meeting_count": 2, "sale_order_count": 1})
        card = ("card", "Cacao Chiffres")
        self.assertEqual(reads, [card, figures, card, figures])
        self.assertEqual(self.company.phone, "+1 514-555-0199")

    def test_more_reopened_while_its_figures_are_read(self):
        """More closed and opened again before its figures arrive (a busy
        server): they are read once, and shown."""
        with self.recorded_reads(delay=1.5) as reads:
            self.run_tour(self.company, "figures_when_shown_reopen")
        self.assertEqual(
            reads,
            [
                ("card", "Cacao Chiffres"),
                ("Cacao Chiffres", {"meeting_count": 2, "sale_order_count": 1}),
            ],
        )

    def test_next_card_shows_its_own_figures(self):
        """Through the pager, with More open, each card shows its own figures,
        never the previous card's."""
        with self.recorded_reads() as reads:
            self.start_tour(
                "/odoo/contacts?view_type=list",
                "crm_contacts_ext_figures_when_shown_pager",
                login=self.salesman.login,
            )
        zero = {"meeting_count": 0, "sale_order_count": 0}
        self.assertEqual(
            reads,
            [
                ("card", "Cacao Chiffres"),
                ("Cacao Chiffres", {"meeting_count": 2, "sale_order_count": 1}),
                ("card", "Cacao Chiffres Zéro"),
                ("Cacao Chiffres Zéro", zero),
            ],
        )


@tagged("standard", "post_install", "-at_install")
class TestFiguresWhenShownWideScreen(FiguresCase):
    browser_size = "1920x1080"

    def test_figures_read_with_the_card_on_a_wide_screen(self):
        """The bar shows Meetings and Sales: their figures are read right after
        the card, in one request."""
        with self.recorded_reads() as reads:
            self.run_tour(self.company, "figures_when_shown_wide")
        self.assertEqual(
            reads,
            [
                ("card", "Cacao Chiffres"),
                ("Cacao Chiffres", {"meeting_count": 2, "sale_order_count": 1}),
            ],
        )
