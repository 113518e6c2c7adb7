import json
import logging
import math
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import requests

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import ContactsCase

# Known city positions (what Nominatim answers for these towns).
CITIES = {
    "Montréal": (45.5019, -73.5674),
    "Québec": (46.8139, -71.2080),
    "Saint-Georges": (46.1180, -70.6690),
    "Sherbrooke": (45.4042, -71.8929),
    "Lyon": (45.7640, 4.8357),
    "Paris": (48.8566, 2.3522),
}


def _response(request, status, body):
    response = requests.Response()
    response.status_code = status
    response._content = body.encode()
    response.headers["Content-Type"] = "application/json"
    response.url = request.url
    response.request = request
    return response


class GeoCase(ContactsCase):
    """Answers OpenStreetMap Nominatim's HTTP requests like the real service:
    known towns are found, "Nulle-Part" is not, "Panne-Serveur" gets an HTTP 500
    and "Lenteville" a time-out."""

    nominatim_queries: ClassVar[list] = []

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        url = urlsplit(r.url)
        if url.hostname != "nominatim.openstreetmap.org":
            return super()._request_handler(s, r, **kw)
        query = parse_qs(url.query)["q"][0]
        cls.nominatim_queries.append(query)
        if "Panne-Serveur" in query:
            return _response(r, 500, "<html>Internal Server Error</html>")
        if "Lenteville" in query:
            raise requests.exceptions.ReadTimeout("Read timed out. (read timeout=10)")
        for city, (lat, lon) in CITIES.items():
            if city in query:
                return _response(
                    r, 200, json.dumps([{"lat": str(lat), "lon": str(lon)}])
                )
        return _response(r, 200, "[]")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # contacts of other tests and of the demo data are not this test's business
        Partner.search(Partner._geo_pending_domain()).write(
            {"date_localization": fields.Date.today()}
        )
        cls.ca = cls.env.ref("base.ca")
        cls.fr = cls.env.ref("base.fr")

    def setUp(self):
        super().setUp()
        self.nominatim_queries.clear()

    def _partner(self, name, city, country=None, **vals):
        return self.env["res.partner"].create(
            dict(
                {
                    "name": name,
                    "street": "1 rue Principale",
                    "city": city,
                    "country_id": (country or self.ca).id,
                },
                **vals,
            )
        )

    def assertPosition(self, partner, city, source):
        lat, lon = CITIES[city]
        self.assertAlmostEqual(partner.partner_latitude, lat, places=4)
        self.assertAlmostEqual(partner.partner_longitude, lon, places=4)
        self.assertEqual(partner.geo_source, source)


@tagged("standard", "post_install", "-at_install")
class TestGeolocation(GeoCase):
    @users("crm_ext_salesman")
    def test_manual_position_survives_address_change(self):
        partner = self._partner("Chocolats du Vieux-Port", "Québec")
        with Form(partner) as form:
            form.partner_latitude = 46.8123
            form.partner_longitude = -71.2034
        self.assertEqual(partner.geo_source, "manual")
        self.assertEqual(partner.date_localization, fields.Date.context_today(partner))
        with Form(partner) as form:
            form.street = "12 rue Saint-Paul"
            form.zip = "G1K 3V6"
        self.assertEqual(partner.partner_latitude, 46.8123)
        self.assertEqual(partner.partner_longitude, -71.2034)
        self.assertEqual(partner.geo_source, "manual")
        self.assertEqual(partner.street, "12 rue Saint-Paul")
        # the job leaves it alone
        self.env["res.partner"].sudo()._cron_geo_localize()
        self.assertEqual(partner.partner_latitude, 46.8123)
        self.assertFalse(self.nominatim_queries)

    @users("crm_ext_salesman")
    def test_one_coordinate_typed_with_an_address_change(self):
        partner = self._partner("Chocolats Limoilou", "Québec")
        partner.write({"partner_latitude": 46.83, "partner_longitude": -71.22})
        with Form(partner) as form:
            form.partner_latitude = 46.84
            form.street = "3e Avenue"
        self.assertEqual(partner.partner_latitude, 46.84)
        self.assertEqual(partner.partner_longitude, -71.22)
        self.assertEqual(partner.geo_source, "manual")

    def test_manual_positions_kept_in_bulk_address_change(self):
        first = self._partner("A", "Québec")
        second = self._partner("B", "Québec")
        geocoded = self._partner("C", "Québec")
        first.write({"partner_latitude": 46.1, "partner_longitude": -71.1})
        second.write({"partner_latitude": 46.2, "partner_longitude": -71.2})
        self.env["res.partner"]._cron_geo_localize()
        self.assertPosition(geocoded, "Québec", "geocoded")
        (first | second | geocoded).write({"city": "Sherbrooke"})
        self.assertEqual(first.partner_latitude, 46.1)
        self.assertEqual(second.partner_latitude, 46.2)
        self.assertEqual(geocoded.partner_latitude, 0.0)

    @users("crm_ext_salesman")
    def test_geocoded_position_refreshed_after_address_change(self):
        partner = self._partner("Chocolaterie Itinérante", "Québec")
        self.assertFalse(partner.partner_latitude)
        self.env["res.partner"].sudo()._cron_geo_localize()
        self.assertPosition(partner, "Québec", "geocoded")
        self.assertIn("osm.org", partner.osm_url.replace("openstreetmap", "osm"))
        with Form(partner) as form:
            form.city = "Montréal"
        # the save itself never calls the service
        self.assertFalse(partner.partner_latitude)
        self.assertFalse(partner.geo_source)
        self.assertEqual(len(self.nominatim_queries), 1)
        cron = self.env.ref("crm_contacts_ext.ir_cron_partner_geo_localize").sudo()
        self.assertTrue(cron.active)
        self.assertTrue(
            self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)])
        )
        self.env["res.partner"].sudo()._cron_geo_localize()
        self.assertPosition(partner, "Montréal", "geocoded")
        self.assertIn("mlat=45.501900", partner.osm_url)

    def test_odoo_geolocate_button_is_a_geocoded_position(self):
        partner = self._partner("Confiserie Rhône", "Lyon", self.fr)
        partner.with_context(force_geo_localize=True).geo_localize()
        self.assertPosition(partner, "Lyon", "geocoded")

    @users("crm_ext_salesman")
    def test_out_of_range_position_refused(self):
        partner = self._partner("Pôle Nord Glacé", "Québec")
        with self.assertRaisesRegex(ValidationError, "latitude .* between -90 and 90"):
            partner.write({"partner_latitude": 91.0, "partner_longitude": 10.0})
        with self.assertRaisesRegex(ValidationError, "longitude .* between -180"):
            partner.write({"partner_latitude": 45.0, "partner_longitude": -180.5})
        partner.write({"partner_latitude": -90.0, "partner_longitude": 180.0})
        self.assertEqual(partner.geo_source, "manual")

    def test_job_survives_service_errors_and_finishes_the_others(self):
        montreal = self._partner("Cacao Montréal", "Montréal")
        broken = self._partner("Panne", "Panne-Serveur")
        slow = self._partner("Lent", "Lenteville")
        lyon = self._partner("Bouchons Lyonnais", "Lyon", self.fr)
        nowhere = self._partner("Introuvable", "Nulle-Part")
        with self.assertLogs("odoo.addons", "WARNING") as logs:
            self.env["res.partner"]._cron_geo_localize()
        self.assertPosition(montreal, "Montréal", "geocoded")
        self.assertPosition(lyon, "Lyon", "geocoded")
        failures = [line for line in logs.output if "will try again" in line]
        self.assertEqual(len(failures), 2, logs.output)
        self.assertIn("Panne", failures[0])
        self.assertIn("Lent", failures[1])
        # service errors stay pending for the next run, "not found" does not
        pending = self.env["res.partner"].search(
            self.env["res.partner"]._geo_pending_domain()
        )
        self.assertEqual(pending, broken | slow)
        self.assertFalse(nowhere.partner_latitude)
        self.assertEqual(nowhere.date_localization, fields.Date.today())

    def test_job_resumes_in_batches_and_reports_progress(self):
        partners = self.env["res.partner"]
        for city in ("Montréal", "Québec", "Saint-Georges", "Sherbrooke", "Paris"):
            partners |= self._partner(f"Client {city}", city)
        # an interrupted run: only the first batch went through
        self.env["res.partner"]._cron_geo_localize(batch_size=2)
        self.assertEqual(len(partners.filtered("partner_latitude")), 2)
        self.assertEqual(len(self.nominatim_queries), 2)
        # the scheduled job resumes with the others, reporting its progress
        cron = self.env.ref("crm_contacts_ext.ir_cron_partner_geo_localize")
        # (Odoo names its level 25 "INFO": pass the number for real INFO records)
        with self.assertLogs(
            "odoo.addons.crm_contacts_ext.models.res_partner.geocoding", logging.INFO
        ) as logs:
            cron.method_direct_trigger()
        self.assertTrue(all(partners.mapped("partner_latitude")))
        self.assertEqual(len(self.nominatim_queries), 5)
        self.assertIn("3 processed in this batch (3 located", logs.output[-1])
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (3, 0))

    def test_job_stops_when_the_service_is_down(self):
        self._partner("Panne 1", "Panne-Serveur")
        self._partner("Panne 2", "Panne-Serveur")
        self._partner("Client Québec", "Québec")
        with self.assertLogs("odoo.addons", "WARNING"):
            result = self.env["res.partner"]._cron_geo_localize(batch_size=2)
        # the whole first batch failed: no point hammering a service that is down
        self.assertEqual(result["done"], 2)
        self.assertEqual(len(self.nominatim_queries), 2)


@tagged("standard", "post_install", "-at_install")
class TestSearchNearby(GeoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_city = {}
        for city, (lat, lon) in CITIES.items():
            cls.by_city[city] = cls.env["res.partner"].create(
                {
                    "name": f"Chocolatier de {city}",
                    "city": city,
                    "partner_latitude": lat,
                    "partner_longitude": lon,
                }
            )
        cls.ours = cls.env["res.partner"].union(*cls.by_city.values())
        cls.other_company = cls.env["res.company"].create({"name": "Filiale Lyon"})
        cls.hidden = cls.env["res.partner"].create(
            {
                "name": "Chocolatier de l'autre société",
                "company_id": cls.other_company.id,
                "partner_latitude": 46.80,
                "partner_longitude": -71.21,
            }
        )

    def _nearby(self, city, radius, **kw):
        lat, lon = CITIES[city]
        rows = self.env["res.partner"].search_nearby(lat, lon, radius, **kw)
        return [r for r in rows if r["id"] in self.ours.ids]

    @users("crm_ext_salesman")
    def test_nearest_first_with_distance(self):
        rows = self._nearby("Québec", 250)
        self.assertEqual(
            [r["id"] for r in rows],
            [
                self.by_city[c].id
                for c in ("Québec", "Saint-Georges", "Sherbrooke", "Montréal")
            ],
        )
        distances = [r["distance_km"] for r in rows]
        self.assertAlmostEqual(distances[0], 0.0, places=3)
        self.assertAlmostEqual(distances[1], 87.7, delta=0.5)
        self.assertAlmostEqual(distances[2], 165.4, delta=0.5)
        self.assertAlmostEqual(distances[3], 233.0, delta=0.5)
        self.assertEqual(rows[3]["name"], "Chocolatier de Montréal")

    def test_radius_and_limit(self):
        self.assertEqual(
            [r["id"] for r in self._nearby("Québec", 200)],
            [self.by_city[c].id for c in ("Québec", "Saint-Georges", "Sherbrooke")],
        )
        rows = self._nearby("Lyon", 400)
        self.assertEqual(
            [r["id"] for r in rows], [self.by_city["Lyon"].id, self.by_city["Paris"].id]
        )
        self.assertAlmostEqual(rows[1]["distance_km"], 391.5, delta=0.5)
        self.assertEqual(self._nearby("Lyon", 390), rows[:1])
        rows = self.env["res.partner"].search_nearby(*CITIES["Québec"], 250, limit=2)
        self.assertEqual(len(rows), 2)
        self.assertLessEqual(rows[0]["distance_km"], rows[1]["distance_km"])

    def test_dense_area_same_as_full_scan(self):
        """Where contacts are dense, the narrowing to the nearest ones on the map
        must not change the answer: compare with a full computation."""
        Partner = self.env["res.partner"]
        points = [
            (
                46.70 + (i * 7919 % 997) / 997 * 0.25,
                -71.40 + (i * 104729 % 991) / 991 * 0.4,
            )
            for i in range(80)
        ]
        dense = Partner.create(
            [
                {
                    "name": f"Dense {i}",
                    "partner_latitude": lat,
                    "partner_longitude": lon,
                }
                for i, (lat, lon) in enumerate(points)
            ]
        )
        centre = (46.81, -71.21)
        rows = Partner.search_nearby(*centre, 30, limit=12)
        # (the Québec contact and the other company's one are there too)
        candidates = list(zip(dense.ids, points, strict=True)) + [
            (self.by_city["Québec"].id, CITIES["Québec"]),
            (self.hidden.id, (46.80, -71.21)),
        ]
        expected = sorted(
            (self._km(centre, p), pid)
            for pid, p in candidates
            if self._km(centre, p) <= 30
        )[:12]
        self.assertEqual([r["id"] for r in rows], [pid for __, pid in expected])
        for row, (km, __) in zip(rows, expected, strict=True):
            self.assertAlmostEqual(row["distance_km"], km, places=2)

    @staticmethod
    def _km(a, b):
        p1, p2 = math.radians(a[0]), math.radians(b[0])
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
        )
        return 2 * 6371.0088 * math.asin(math.sqrt(h))

    def test_antimeridian(self):
        fiji = self.env["res.partner"].create(
            {"name": "Suva", "partner_latitude": -18.1, "partner_longitude": 179.9}
        )
        taveuni = self.env["res.partner"].create(
            {"name": "Taveuni", "partner_latitude": -16.9, "partner_longitude": -179.9}
        )
        rows = self.env["res.partner"].search_nearby(-18.0, -179.95, 200)
        self.assertEqual([r["id"] for r in rows], [fiji.id, taveuni.id])

    @users("crm_ext_salesman")
    def test_negative_radius_refused(self):
        with self.assertRaisesRegex(ValidationError, "radius"):
            self.env["res.partner"].search_nearby(46.8, -71.2, -5)
        with self.assertRaises(ValidationError):
            self.env["res.partner"].search_nearby(95.0, -71.2, 5)

    @users("crm_ext_salesman")
    def test_record_rules_apply(self):
        Partner = self.env["res.partner"]
        seen = [r["id"] for r in Partner.search_nearby(*CITIES["Québec"], 50)]
        self.assertIn(self.by_city["Québec"].id, seen)
        # a contact of a company the salesperson does not work for stays hidden
        self.assertNotIn(self.hidden.id, seen)
        seen = [r["id"] for r in Partner.sudo().search_nearby(*CITIES["Québec"], 50)]
        self.assertIn(self.hidden.id, seen)

    def test_nearby_button_on_the_card(self):
        quebec = self.by_city["Québec"]
        action = quebec.with_context(nearby_radius_km=200).action_view_nearby_partners()
        shown = self.env["res.partner"].search(action["domain"])
        self.assertEqual(
            shown & self.ours,
            self.by_city["Saint-Georges"] | self.by_city["Sherbrooke"],
        )
        nowhere = self.env["res.partner"].create({"name": "Sans adresse"})
        with self.assertRaises(UserError):
            nowhere.action_view_nearby_partners()
        arch = self.env["res.partner"].get_view(view_type="form")["arch"]
        self.assertIn('name="action_view_nearby_partners"', arch)
        self.assertIn('name="osm_url"', arch)


@tagged("standard", "post_install", "-at_install")
class TestPositionOnZeroLines(GeoCase):
    """Only (0, 0) means "no position" (issue 17 #11): a contact on the equator
    or on the Greenwich meridian is a contact with a position everywhere."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # Entebbe's shore of Lake Victoria (on the equator) and a farm in Gascony
        # on the Greenwich meridian, both with an address the job could geocode.
        cls.equator = Partner.create(
            {
                "name": "Cacao de l'Équateur",
                "city": "Entebbe",
                "partner_latitude": 0.0,
                "partner_longitude": 32.58,
            }
        )
        cls.meridian = Partner.create(
            {
                "name": "Ferme du Méridien",
                "city": "Gabarret",
                "country_id": cls.env.ref("base.fr").id,
                "partner_latitude": 43.98,
                "partner_longitude": 0.0,
            }
        )

    @users("crm_ext_salesman")
    def test_nearby_search_finds_contacts_on_the_zero_lines(self):
        Partner = self.env["res.partner"]
        rows = Partner.search_nearby(0.01, 32.58, 5)
        self.assertEqual([r["id"] for r in rows], [self.equator.id])
        self.assertAlmostEqual(rows[0]["distance_km"], 1.112, places=2)
        rows = Partner.search_nearby(43.98, 0.01, 5)
        self.assertEqual([r["id"] for r in rows], [self.meridian.id])

    @users("crm_ext_salesman")
    def test_nearby_button_and_map_link_on_the_equator(self):
        equator = self.equator.with_env(self.env)
        neighbour = self.env["res.partner"].create(
            {"name": "Voisin", "partner_latitude": 0.05, "partner_longitude": 32.6}
        )
        action = equator.action_view_nearby_partners()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), neighbour)
        self.assertIn("mlat=0.000000&mlon=32.580000", equator.osm_url)

    def test_job_does_not_geocode_a_position_on_the_equator_again(self):
        self.env["res.partner"]._cron_geo_localize()
        self.assertFalse(self.nominatim_queries)
        self.assertEqual(
            (self.equator.partner_latitude, self.equator.partner_longitude),
            (0.0, 32.58),
        )
        self.assertEqual(self.equator.geo_source, "manual")
