# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The scheduled job "Contacts: geolocate addresses": positions computed from
addresses outside the save, one batch per call of Odoo's cron runner.
"""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

#: contacts geocoded per call; Odoo's cron runner calls again while some remain
#: (up to 10 calls a run, committing after each), at Nominatim's 1 request/s
GEO_BATCH_SIZE = 10
#: service errors on one address before it is left alone until the address changes
GEO_MAX_ATTEMPTS = 5
#: wait after the first error on an address, multiplied by GEO_RETRY_FACTOR after
#: each new one: 1 h, 4 h, 16 h, 64 h, then the address is stamped
GEO_RETRY_DELAY = timedelta(hours=1)
GEO_RETRY_FACTOR = 4


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    geo_attempt_count = fields.Integer(
        string="Failed Geocoding Attempts",
        readonly=True,
        copy=False,
        help="Service errors met when geocoding the current address; reset when "
        "the address changes.",
    )

    geo_retry_date = fields.Datetime(
        string="Next Geocoding Attempt",
        readonly=True,
        copy=False,
        help="After a service error the address is tried again from this time on.",
    )

    @api.model
    def _geo_pending_domain(self):
        """Contacts with an address but no position that were not tried yet for
        this address or failed on a service error (a "not found" and the last
        allowed service error stamp date_localization)."""
        return [
            ("partner_latitude", "=", 0.0),
            ("partner_longitude", "=", 0.0),
            ("geo_source", "=", False),
            ("date_localization", "=", False),
            "|",
            ("city", "!=", False),
            ("zip", "!=", False),
        ]

    @api.model
    def _geo_due_domain(self):
        """The pending contacts whose back-off after a service error is over."""
        return self._geo_pending_domain() + [
            "|",
            ("geo_retry_date", "=", False),
            ("geo_retry_date", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _cron_geo_localize(self, batch_size=GEO_BATCH_SIZE):
        """Geocode one batch of contacts without a position.

        Odoo's cron runner (``ir.cron._run_job``) commits after each call and calls
        again while :meth:`ir.cron._notify_progress` reports contacts remaining, so
        an interruption loses at most one batch. Contacts never tried come first;
        an address the service fails on is retried after a growing delay
        (GEO_RETRY_DELAY × GEO_RETRY_FACTOR^n) and, after GEO_MAX_ATTEMPTS errors,
        stamped (date_localization) until its address changes: it never holds back
        the others. When the whole batch fails the service is probably down: the
        run stops (nothing reported remaining) and the next scheduled one goes on.

        :param int batch_size: contacts geocoded by this call
        :return: ``{"done", "located", "failed"}`` counts of this call
        """
        domain = self._geo_due_domain()
        batch = self.search(domain, order="geo_attempt_count, id", limit=batch_size)
        stats = batch._geo_localize_batch()
        stats["done"] = len(batch)
        service_down = bool(batch) and stats["failed"] == len(batch)
        remaining = 0 if service_down or not batch else self.search_count(domain)
        _logger.info(
            "Geolocation of contacts: %s processed in this batch (%s located, %s not "
            "found, %s service errors), %s left%s",
            len(batch),
            stats["located"],
            len(batch) - stats["located"] - stats["failed"],
            stats["failed"],
            remaining,
            "; the service seems down, the next run goes on" if service_down else "",
        )
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return stats

    @api.model
    def _geo_find_address(self, street, zip_code, city, state, country):
        """Ask base.geocoder for the address, then for its city as base_geolocalize
        does (``_geo_localize``), saying which one answered.

        :return: ``((latitude, longitude) or None, approximate)``; approximate is
            True when the position is that of the city or postcode, not of the street
        :raise UserError: the service failed (HTTP error, time-out)
        """
        geocoder = self.env["base.geocoder"]
        try:
            query = geocoder.geo_query_address(
                street=street, zip=zip_code, city=city, state=state, country=country
            )
            result = geocoder.geo_find(query, force_country=country)
            if result is not None:
                return result, not street
            query = geocoder.geo_query_address(city=city, state=state, country=country)
            result = geocoder.geo_find(query, force_country=country)
        except UserError as error:
            # base_geolocalize asks in English (for the country names) and puts
            # the raw Python error in its message: say it in the user's language.
            _logger.info("Geocoding service error: %s", error)
            env = self.with_context(lang=self.env.user.lang).env
            raise UserError(
                env._(
                    "The geocoding service (OpenStreetMap) did not answer. Try again "
                    "later, or enter the Geo Latitude and Geo Longitude by hand on "
                    "the “Partner Assignment” tab."
                )
            ) from error
        return result, result is not None

    @api.model
    def _geo_localize(self, street="", zip="", city="", state="", country=""):
        # base_geolocalize's signature; the "Compute based on address" button
        # passes a dict in the context to learn whether the result is approximate.
        result, approximate = self._geo_find_address(street, zip, city, state, country)
        precision = self.env.context.get("geo_precision")
        if isinstance(precision, dict):
            precision["approximate"] = approximate
        return result

    def _geo_localize_batch(self):
        """Ask base.geocoder for each partner; one failure never stops the others."""
        stats = {"located": 0, "failed": 0}
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        for partner in self.with_context(lang="en_US"):
            try:
                result, approximate = partner._geo_find_address(
                    partner.street,
                    partner.zip,
                    partner.city,
                    partner.state_id.name,
                    partner.country_id.name,
                )
            except UserError as error:
                stats["failed"] += 1
                partner._geo_record_failure(error, now, today)
                continue
            if result:
                stats["located"] += 1
                partner.write(
                    {
                        "partner_latitude": result[0],
                        "partner_longitude": result[1],
                        "geo_source": "geocoded",
                        "geo_approximate": approximate,
                        "date_localization": today,
                        "geo_attempt_count": 0,
                        "geo_retry_date": False,
                    }
                )
            else:
                # Tried and not found: not again until the address changes.
                partner.write({"date_localization": today, "geo_retry_date": False})
        return stats

    def _geo_record_failure(self, error, now, today):
        """A service error on this address: try again later, or give up on it
        until the address changes after GEO_MAX_ATTEMPTS errors."""
        attempts = self.geo_attempt_count + 1
        if attempts >= GEO_MAX_ATTEMPTS:
            self.write(
                {
                    "geo_attempt_count": attempts,
                    "geo_retry_date": False,
                    "date_localization": today,
                }
            )
            _logger.warning(
                "Geolocation of contact %s (id %s) failed %s times, not tried again "
                "until its address changes: %s",
                self.display_name,
                self.id,
                attempts,
                error,
            )
            return
        retry_date = now + GEO_RETRY_DELAY * GEO_RETRY_FACTOR ** (attempts - 1)
        self.write({"geo_attempt_count": attempts, "geo_retry_date": retry_date})
        _logger.warning(
            "Geolocation of contact %s (id %s) failed, will try again after %s: %s",
            self.display_name,
            self.id,
            retry_date,
            error,
        )
