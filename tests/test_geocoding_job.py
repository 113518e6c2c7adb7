"""The scheduled job "Contacts: geolocate addresses" (issue 17 #5, issue 16): one
batch per call of Odoo's cron runner, a bounded back-off for the addresses the
service fails on, approximate positions said so. The geocoding service is
answered at the HTTP boundary (see GeoCase)."""

import logging
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import Form, tagged, users

from .test_geolocation import CITIES, GeoCase, _response

# what Odoo's cron runner allows one run (odoo/addons/base/models/ir_cron.py)
MAX_BATCH_PER_CRON_JOB = 10


@tagged("standard", "post_install", "-at_install")
class TestGeocodingJob(GeoCase):
    """Nominatim refuses "Ville-Refusée" (HTTP 403, as it does for a query it
    will not serve) and knows no "rue Inconnue"."""

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        if "Ville-Refus" in r.url:
            cls.nominatim_queries.append("Ville-Refusée")
            return _response(r, 403, "<html>Access denied</html>")
        if "rue+Inconnue" in r.url or "rue%20Inconnue" in r.url:
            cls.nominatim_queries.append("rue Inconnue")
            return _response(r, 200, "[]")
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        self.cron = self.env.ref("crm_contacts_ext.ir_cron_partner_geo_localize")

    def _run_like_odoo(self):
        """One run of the job as ir.cron._run_job does it (without its commits):
        call again while the last call reported work done and work remaining."""
        progress = self.env["ir.cron.progress"]
        for __ in range(MAX_BATCH_PER_CRON_JOB):
            self.cron.method_direct_trigger()
            progress = progress.search(
                [("cron_id", "=", self.cron.id)], order="id desc", limit=1
            )
            if not (progress.done and progress.remaining):
                break
        return progress

    def test_refused_addresses_never_hold_back_the_others(self):
        Partner = self.env["res.partner"]
        refused = Partner.create(
            [
                {"name": f"Refusé {i}", "street": "1 rue X", "city": "Ville-Refusée"}
                for i in range(10)
            ]
        )
        cities = list(CITIES)
        good = Partner.create(
            [
                {
                    "name": f"Client {i}",
                    "street": "1 rue Principale",
                    "city": cities[i % len(cities)],
                }
                for i in range(20)
            ]
        )
        with self.assertLogs("odoo.addons", logging.WARNING):
            for __ in range(3):
                self.cron.method_direct_trigger()
        self.assertEqual(len(good.filtered("partner_latitude")), 20)
        self.assertEqual(set(good.mapped("geo_source")), {"geocoded"})
        # each refused address was asked once, and waits for its back-off
        self.assertEqual(self.nominatim_queries.count("Ville-Refusée"), 10)
        self.assertEqual(set(refused.mapped("geo_attempt_count")), {1})
        now = fields.Datetime.now()
        for partner in refused:
            self.assertGreaterEqual(partner.geo_retry_date, now + timedelta(minutes=59))
        # still pending: they are tried again later
        pending = Partner.search(Partner._geo_pending_domain())
        self.assertEqual(pending, refused)

    def test_one_batch_per_call_odoo_calls_again_while_some_remain(self):
        cities = list(CITIES)
        partners = self.env["res.partner"].create(
            [
                {"name": f"Lot {i}", "street": "2 rue Haute", "city": cities[i % 6]}
                for i in range(25)
            ]
        )
        self.cron.method_direct_trigger()
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (10, 15))
        self.assertEqual(len(partners.filtered("partner_latitude")), 10)
        with self.assertLogs(
            "odoo.addons.crm_contacts_ext.models.res_partner.geocoding", logging.INFO
        ) as logs:
            progress = self._run_like_odoo()
        self.assertEqual((progress.done, progress.remaining), (5, 0))
        self.assertTrue(all(partners.mapped("partner_latitude")))
        self.assertEqual(len(self.nominatim_queries), 25)
        self.assertIn("10 processed in this batch (10 located", logs.output[0])
        self.assertIn("5 processed in this batch (5 located", logs.output[-1])

    def test_failing_address_retried_with_back_off_then_stamped(self):
        Partner = self.env["res.partner"]
        partner = Partner.create(
            {"name": "Toujours refusé", "street": "1 rue X", "city": "Ville-Refusée"}
        )
        start = fields.Datetime.now()
        # 1 h, 4 h, 16 h, 64 h after each error
        tried_at = [start + timedelta(hours=h) for h in (0, 1, 5, 21, 85)]
        with self.assertLogs("odoo.addons", logging.WARNING) as logs:
            for attempt, when in enumerate(tried_at, start=1):
                if attempt > 1:
                    with freeze_time(when - timedelta(minutes=1)):
                        self._run_like_odoo()  # too early: not asked
                    self.assertEqual(len(self.nominatim_queries), attempt - 1)
                with freeze_time(when):
                    self._run_like_odoo()
                self.assertEqual(len(self.nominatim_queries), attempt)
                self.assertEqual(partner.geo_attempt_count, attempt)
        self.assertIn("not tried again until its address changes", logs.output[-1])
        self.assertEqual(partner.date_localization, tried_at[-1].date())
        self.assertFalse(partner.geo_retry_date)
        with freeze_time(start + timedelta(days=365)):
            self._run_like_odoo()
        self.assertEqual(len(self.nominatim_queries), 5)
        self.assertFalse(Partner.search(Partner._geo_pending_domain()) & partner)
        # a new address starts over, and is located
        with Form(partner) as form:
            form.city = "Québec"
        self.assertEqual(partner.geo_attempt_count, 0)
        self._run_like_odoo()
        self.assertPosition(partner, "Québec", "geocoded")
        self.assertFalse(partner.geo_approximate)

    @users("crm_ext_salesman")
    def test_unknown_street_in_known_city_is_an_approximate_position(self):
        Partner = self.env["res.partner"]
        vague = self._partner("Rue inconnue", "Québec", street="404 rue Inconnue")
        precise = self._partner("Rue connue", "Montréal")
        self.env["res.partner"].sudo()._cron_geo_localize()
        self.assertPosition(vague, "Québec", "geocoded")
        self.assertTrue(vague.geo_approximate)
        self.assertPosition(precise, "Montréal", "geocoded")
        self.assertFalse(precise.geo_approximate)
        rows = {r["id"]: r for r in Partner.search_nearby(*CITIES["Québec"], 250)}
        self.assertIs(rows[vague.id]["approximate"], True)
        self.assertIs(rows[precise.id]["approximate"], False)
        # a position typed by hand is not approximate
        with Form(vague) as form:
            form.partner_latitude = 46.8100
        self.assertEqual(vague.geo_source, "manual")
        self.assertFalse(vague.geo_approximate)

    def test_compute_button_says_approximate_too(self):
        vague = self._partner("Bouton", "Lyon", self.fr, street="9 rue Inconnue")
        vague.with_context(force_geo_localize=True).geo_localize()
        self.assertPosition(vague, "Lyon", "geocoded")
        self.assertTrue(vague.geo_approximate)
        precise = self._partner("Bouton précis", "Paris", self.fr)
        precise.with_context(force_geo_localize=True).geo_localize()
        self.assertPosition(precise, "Paris", "geocoded")
        self.assertFalse(precise.geo_approximate)
