# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The card's "Nearby contacts" list: nearest first, with their distance."""

import math

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .geolocation import EARTH_RADIUS_KM

# Context key set by action_view_nearby_partners for the list it opens: the
# position distances are measured from, "latitude,longitude" in degrees (a
# string: context values must be hashable to key the computed distance).
NEARBY_ORIGIN_KEY = "nearby_origin"
NEARBY_RADIUS_KM = 25.0


def _origin(env):
    """(latitude, longitude) of the nearby list's origin, or None."""
    try:
        latitude, longitude = (
            float(v) for v in env.context[NEARBY_ORIGIN_KEY].split(",")
        )
    except (KeyError, AttributeError, TypeError, ValueError):
        return None
    return latitude, longitude


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    nearby_distance_km = fields.Float(
        string="Distance (km)",
        digits=(16, 1),
        compute="_compute_nearby_distance_km",
        help="Distance as the crow flies from the contact whose nearby contacts "
        "are listed, in kilometres.",
    )

    @api.depends_context(NEARBY_ORIGIN_KEY)
    @api.depends("partner_latitude", "partner_longitude")
    def _compute_nearby_distance_km(self):
        """Great-circle (haversine) distance, as search_nearby measures it."""
        origin = _origin(self.env)
        for partner in self:
            lat, lon = partner.partner_latitude, partner.partner_longitude
            if origin is None or not (lat or lon):
                partner.nearby_distance_km = 0.0
                continue
            lat0, lon0 = (math.radians(v) for v in origin)
            lat1, lon1 = math.radians(lat), math.radians(lon)
            h = (
                math.sin((lat1 - lat0) / 2) ** 2
                + math.cos(lat0) * math.cos(lat1) * math.sin((lon1 - lon0) / 2) ** 2
            )
            partner.nearby_distance_km = (
                2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
            )

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        # The nearby list's default order, nearest first (the distance is not
        # stored): the same haversine distance as search_nearby's, in SQL.
        if field_name == "nearby_distance_km":
            origin = _origin(self.env)
            if origin is None:
                return SQL()
            lat_col = SQL(
                "%s::double precision", SQL.identifier(alias, "partner_latitude")
            )
            lon_col = SQL(
                "%s::double precision", SQL.identifier(alias, "partner_longitude")
            )
            return SQL(
                "asin(least(1.0, sqrt("
                "power(sin(radians(%(lat_col)s - %(lat)s) / 2), 2)"
                " + cos(radians(%(lat)s)) * cos(radians(%(lat_col)s))"
                " * power(sin(radians(%(lon_col)s - %(lon)s) / 2), 2)))) %(direction)s",
                lat_col=lat_col,
                lon_col=lon_col,
                lat=origin[0],
                lon=origin[1],
                direction=direction,
            )
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def action_view_nearby_partners(self):
        """Contacts within 25 km of this one (``nearby_radius_km`` in the context
        for another radius), nearest first, with their distance in km.

        :return: an ``ir.actions.act_window`` dict on res.partner
        :raise UserError: the contact has no position, saying how to get one
        """
        self.ensure_one()
        if not (self.partner_latitude or self.partner_longitude):
            raise UserError(
                self.env._(
                    "%(partner)s has no position yet, so there is nothing to measure "
                    "from. Its address is geolocated by the scheduled job "
                    "“Contacts: geolocate addresses”; to do it now, click “Compute "
                    "based on address” on the “Partner Assignment” tab (street, city "
                    "and country filled in), or enter its Geo Latitude and Geo "
                    "Longitude there.",
                    partner=self.name or self.display_name,
                )
            )
        radius = float(self.env.context.get("nearby_radius_km", NEARBY_RADIUS_KM))
        nearby = [
            row
            for row in self.search_nearby(
                self.partner_latitude, self.partner_longitude, radius, limit=80
            )
            if row["id"] != self.id
        ]
        name = self.name or self.display_name
        radius_text = f"{radius:g}"
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Contacts within %(radius)s km of %(partner)s",
                radius=radius_text,
                partner=name,
            ),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref("crm_contacts_ext.res_partner_view_list_nearby").id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("id", "in", [row["id"] for row in nearby])],
            "context": {
                NEARBY_ORIGIN_KEY: f"{self.partner_latitude},{self.partner_longitude}",
            },
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._(
                    "Nobody within %(radius)s km of %(partner)s",
                    radius=radius_text,
                    partner=name,
                ),
                self.env._(
                    "Only contacts with a position count: the scheduled job "
                    "“Contacts: geolocate addresses” computes it from their address."
                ),
            ),
        }
