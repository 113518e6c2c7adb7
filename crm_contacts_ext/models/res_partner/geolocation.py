# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""OpenFire's "Localisation": where the position comes from, nearby contacts and
the scheduled geocoding of addresses.
"""

import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import create_index

# Address fields whose change makes base_geolocalize reset the position.
GEO_ADDRESS_FIELDS = ("street", "zip", "city", "state_id", "country_id")
# Mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0
# The position as a PostgreSQL point (x = longitude, y = latitude); the same
# expression in the index and in search_nearby's query.
GEO_POINT_SQL = (
    "point(partner_longitude::double precision, partner_latitude::double precision)"
)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # OpenFire's "Localisation" tab: where the position came from decides whether an
    # address change may overwrite it.
    geo_source = fields.Selection(
        [("geocoded", "Geocoded"), ("manual", "Entered by hand")],
        string="Position Source",
        readonly=True,
        help="Geocoded positions are computed again when the address changes; "
        "positions entered by hand are kept.",
    )

    geo_approximate = fields.Boolean(
        string="Approximate Position",
        readonly=True,
        copy=False,
        help="The geocoding service knew the city or postcode of the address but "
        "not its street: the position is that of the city centre.",
    )

    osm_url = fields.Char(string="OpenStreetMap", compute="_compute_osm_url")

    def init(self):
        res = super().init()
        # search_nearby narrows by a two-dimensional box on this GiST index (core
        # PostgreSQL, no extension) before computing exact distances: the rows read
        # are those inside the box, not a whole band of latitudes.
        create_index(
            self.env.cr,
            "res_partner_geo_point_index",
            self._table,
            [GEO_POINT_SQL],
            method="gist",
        )
        return res

    @api.depends("partner_latitude", "partner_longitude")
    def _compute_osm_url(self):
        for partner in self:
            lat, lon = partner.partner_latitude, partner.partner_longitude
            partner.osm_url = (
                "https://www.openstreetmap.org/"
                f"?mlat={lat:.6f}&mlon={lon:.6f}#map=16/{lat:.6f}/{lon:.6f}"
                if lat or lon
                else False
            )

    @api.constrains("partner_latitude", "partner_longitude")
    def _check_geo_position(self):
        for partner in self:
            if not -90.0 <= partner.partner_latitude <= 90.0:
                raise ValidationError(
                    self.env._(
                        "The latitude of %(partner)s must be between -90 and 90 "
                        "degrees (%(value)s given). Correct the Geo Latitude field.",
                        partner=partner.display_name,
                        value=partner.partner_latitude,
                    )
                )
            if not -180.0 <= partner.partner_longitude <= 180.0:
                raise ValidationError(
                    self.env._(
                        "The longitude of %(partner)s must be between -180 and 180 "
                        "degrees (%(value)s given). Correct the Geo Longitude field.",
                        partner=partner.display_name,
                        value=partner.partner_longitude,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._geo_stamp_vals(dict(vals)) for vals in vals_list]
        return super().create(vals_list)

    def _geo_stamp_vals(self, vals):
        """Record where a new position comes from: the geocoder says so in the
        context, anything else was entered by hand (form, import, RPC)."""
        if "partner_latitude" not in vals and "partner_longitude" not in vals:
            return vals
        if "geo_source" not in vals:
            cleared = (
                "partner_latitude" in vals
                and "partner_longitude" in vals
                and not vals["partner_latitude"]
                and not vals["partner_longitude"]
            )
            if cleared:
                # (0, 0) is how Odoo says "no position"
                vals["geo_source"] = False
                vals.setdefault("geo_approximate", False)
                vals.setdefault("date_localization", False)
                return vals
            vals["geo_source"] = self.env.context.get("geo_position_source", "manual")
        if "geo_approximate" not in vals:
            # geo_localize's geocoder call says whether it found only the city
            precision = self.env.context.get("geo_precision") or {}
            vals["geo_approximate"] = vals["geo_source"] == "geocoded" and bool(
                precision.get("approximate")
            )
        if vals["geo_source"]:
            vals.setdefault("date_localization", fields.Date.context_today(self))
        return vals

    def geo_localize(self):
        # Odoo's "Compute based on address" button: its result is a geocoded one,
        # approximate when only the city was found (see _geo_localize).
        return super(
            ResPartner,
            self.with_context(geo_position_source="geocoded", geo_precision={}),
        ).geo_localize()

    @api.model
    def search_nearby(self, latitude, longitude, radius_km, limit=20):
        """Contacts within ``radius_km`` kilometres of a point, nearest first.

        The database first narrows by a bounding box (GiST index on the
        position), then computes the exact great-circle (haversine) distance of
        the few rows left. Record rules apply: only contacts the user may read.
        Raw SQL for the index: among 100,000 geolocated contacts it answers in
        9 ms, where reading the positions through the ORM takes 3.7 s
        (bench/results.md, "nearby contacts").

        :param latitude: degrees, -90 to 90
        :param longitude: degrees, -180 to 180
        :param radius_km: kilometres, zero or more
        :param limit: most rows returned
        :return: list of ``{"id", "name", "distance_km", "approximate"}`` dicts;
            ``approximate`` is True when the contact's position is that of its
            city (the geocoding service did not know its street)
        :raise ValidationError: a value is not a number or out of range
        """
        try:
            latitude, longitude = float(latitude), float(longitude)
            radius_km, limit = float(radius_km), int(limit)
        except (TypeError, ValueError) as error:
            raise ValidationError(
                self.env._(
                    "Nearby search needs a latitude, a longitude and a radius in "
                    "kilometres as numbers."
                )
            ) from error
        if radius_km < 0:
            raise ValidationError(
                self.env._(
                    "The radius of a nearby search must be zero or positive "
                    "(%(radius)s km given).",
                    radius=radius_km,
                )
            )
        if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
            raise ValidationError(
                self.env._(
                    "Nearby search: the latitude must be between -90 and 90 and the "
                    "longitude between -180 and 180 degrees."
                )
            )
        if limit <= 0:
            return []
        # Where contacts are dense, the box of the radius may hold thousands of
        # them: first take the `limit` nearest ones on the map (GiST index order,
        # a few rows read); the `limit` nearest by true distance are no farther
        # than the farthest of these, which gives a much smaller box.
        probe = self._geo_nearby_sql(latitude, longitude, radius_km, limit, knn=True)
        self.env.cr.execute(
            SQL("SELECT count(*), max(distance_km) FROM (%s) AS probe", probe)
        )
        count, farthest = self.env.cr.fetchone()
        if count == limit and farthest is not None:
            radius_km = min(radius_km, farthest)
        self.env.cr.execute(
            self._geo_nearby_sql(latitude, longitude, radius_km, limit, knn=False)
        )
        rows = self.env.cr.fetchall()
        partners = self.browse([row[0] for row in rows])
        return [
            {
                "id": partner.id,
                "name": partner.display_name,
                "distance_km": round(distance_km, 3),
                "approximate": partner.geo_approximate,
            }
            for partner, (__, distance_km) in zip(partners, rows, strict=True)
        ]

    @api.model
    def _geo_nearby_sql(self, latitude, longitude, radius_km, limit, knn):
        """SELECT id, distance_km of the readable contacts in the box of the
        radius: the ``limit`` nearest on the map (``knn``, index-ordered), or
        those within ``radius_km``, nearest first."""
        # Only (0, 0) is Odoo's "no position": a contact on the equator or on the
        # Greenwich meridian has one.
        query = self._search(self._geo_located_domain())
        query.order = None
        alias = query.table
        lat_col = SQL("%s::double precision", SQL.identifier(alias, "partner_latitude"))
        lon_col = SQL(
            "%s::double precision", SQL.identifier(alias, "partner_longitude")
        )
        point = SQL("point(%s, %s)", lon_col, lat_col)
        boxes = [
            SQL("%s <@ box(point(%s, %s), point(%s, %s))", point, w, s_, e, n)
            for (w, s_, e, n) in self._geo_bounding_boxes(
                latitude, longitude, radius_km
            )
        ]
        query.add_where(SQL("(%s)", SQL(" OR ").join(boxes)))
        distance = SQL(
            "2 * %(r)s * asin(least(1.0, sqrt("
            "power(sin(radians(%(lat_col)s - %(lat)s) / 2), 2)"
            " + cos(radians(%(lat)s)) * cos(radians(%(lat_col)s))"
            " * power(sin(radians(%(lon_col)s - %(lon)s) / 2), 2))))",
            r=EARTH_RADIUS_KM,
            lat_col=lat_col,
            lon_col=lon_col,
            lat=latitude,
            lon=longitude,
        )
        select = query.select(
            SQL.identifier(alias, "id"), SQL("%s AS distance_km", distance)
        )
        if knn:
            return SQL(
                "%s ORDER BY %s <-> point(%s, %s) LIMIT %s",
                select,
                point,
                longitude,
                latitude,
                limit,
            )
        return SQL(
            "SELECT nearby.id, nearby.distance_km FROM (%s) AS nearby"
            " WHERE nearby.distance_km <= %s"
            " ORDER BY nearby.distance_km, nearby.id LIMIT %s",
            select,
            radius_km,
            limit,
        )

    @api.model
    def _geo_located_domain(self):
        """Contacts with a position: Odoo stores "no position" as (0, 0) only, so a
        latitude or a longitude of 0 alone is a real place (the equator, the
        Greenwich meridian)."""
        return ["|", ("partner_latitude", "!=", 0.0), ("partner_longitude", "!=", 0.0)]

    @api.model
    def _geo_bounding_boxes(self, latitude, longitude, radius_km):
        """(west, south, east, north) boxes holding every point within
        ``radius_km``: two when the circle crosses the antimeridian."""
        delta_lat = radius_km / KM_PER_DEGREE
        south = max(latitude - delta_lat, -90.0)
        north = min(latitude + delta_lat, 90.0)
        # At the widest latitude of the box a degree of longitude is shortest.
        widest = min(abs(latitude) + delta_lat, 90.0)
        cos_widest = math.cos(math.radians(widest))
        if cos_widest < 1e-9 or radius_km / (KM_PER_DEGREE * cos_widest) >= 180.0:
            return [(-180.0, south, 180.0, north)]  # a pole is within reach
        delta_lon = radius_km / (KM_PER_DEGREE * cos_widest)
        west, east = longitude - delta_lon, longitude + delta_lon
        if west < -180.0:
            return [(west + 360.0, south, 180.0, north), (-180.0, south, east, north)]
        if east > 180.0:
            return [(west, south, 180.0, north), (-180.0, south, east - 360.0, north)]
        return [(west, south, east, north)]

    def write(self, vals):
        """A position typed by hand survives an address change.

        base_geolocalize resets the position of every partner whose address
        changes; this writes groups of partners with their own position passed
        along, so it calls the parent's write directly.
        """
        coordinates = {"partner_latitude", "partner_longitude"}
        if coordinates & vals.keys():
            vals = self._geo_stamp_vals(dict(vals))
            missing = coordinates - vals.keys()
            if not missing or not any(name in vals for name in GEO_ADDRESS_FIELDS):
                return super().write(vals)
            # One coordinate typed with an address change: base_geolocalize would
            # reset both, give it the other one as it is.
            (name,) = missing
            for value, partners in self.grouped(name).items():
                super(ResPartner, partners).write(dict(vals, **{name: value}))
            return True
        if not any(name in vals for name in GEO_ADDRESS_FIELDS):
            return super().write(vals)
        # base_geolocalize resets the position of every partner whose address
        # changes (odoo/odoo#213929). A position typed by hand is the user's
        # knowledge and must survive: pass it along so that the reset does not apply.
        manual = self.filtered(lambda p: p.geo_source == "manual")
        others = self - manual
        if others:
            located = others.filtered(
                lambda p: p.partner_latitude or p.partner_longitude
            )
            # a new address is a new chance: the geocoding back-off starts over
            super(ResPartner, others).write(
                dict(
                    vals,
                    geo_source=False,
                    geo_approximate=False,
                    date_localization=False,
                    geo_attempt_count=0,
                    geo_retry_date=False,
                )
            )
            if located:
                # The geocoded position is computed again by the scheduled job,
                # outside the save, so that a slow service never blocks it.
                cron = self.env.ref(
                    "crm_contacts_ext.ir_cron_partner_geo_localize",
                    raise_if_not_found=False,
                )
                if cron:
                    cron._trigger()
        by_position = {}
        for partner in manual:
            key = (partner.partner_latitude, partner.partner_longitude)
            by_position.setdefault(key, self.browse())
            by_position[key] |= partner
        for (lat, lon), partners in by_position.items():
            super(ResPartner, partners).write(
                dict(vals, partner_latitude=lat, partner_longitude=lon)
            )
        return True
