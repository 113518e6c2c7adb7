# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The scheduled job "Contacts: geolocate addresses": positions computed from
addresses outside the save, in batches.
"""

import logging
import threading

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _geo_pending_domain(self):
        """Contacts with an address but no position that were not tried yet for
        this address (a "not found" stamps date_localization)."""
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
    def _cron_geo_localize(self, batch_size=10, limit=100):
        """Geocode contacts without a position, ``batch_size`` at a time.

        Each batch is committed, so an interruption loses at most one batch and the
        next run resumes with the contacts still without a position. The progress
        goes to the log and to the cron's progress API, which calls this method
        again while contacts remain. When the service fails for a whole batch it is
        probably down: the job stops and the next scheduled run tries again.
        """
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        domain = self._geo_pending_domain()
        pending = self.search_count(domain)
        done = located = failed = 0
        last_id = 0
        service_down = False
        while done < limit:
            batch = self.search(
                domain + [("id", ">", last_id)],
                order="id",
                limit=min(batch_size, limit - done),
            )
            if not batch:
                break
            last_id = batch[-1].id
            stats = batch._geo_localize_batch()
            done += len(batch)
            located += stats["located"]
            failed += stats["failed"]
            _logger.info(
                "Geolocation of contacts: %s processed in this run (%s located, %s "
                "not found, %s service errors), %s left",
                done,
                located,
                done - located - failed,
                failed,
                max(pending - done, 0),
            )
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if stats["failed"] == len(batch):
                service_down = True
                break
        remaining = 0 if service_down else max(pending - done, 0)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return {"done": done, "located": located, "failed": failed}

    def _geo_localize_batch(self):
        """Ask base.geocoder for each partner; one failure never stops the others."""
        stats = {"located": 0, "failed": 0}
        today = fields.Date.context_today(self)
        for partner in self.with_context(lang="en_US"):
            try:
                result = partner._geo_localize(
                    partner.street,
                    partner.zip,
                    partner.city,
                    partner.state_id.name,
                    partner.country_id.name,
                )
            except UserError as error:
                stats["failed"] += 1
                _logger.warning(
                    "Geolocation of contact %s (id %s) failed, will try again on the "
                    "next run: %s",
                    partner.display_name,
                    partner.id,
                    error,
                )
                continue
            if result:
                stats["located"] += 1
                partner.write(
                    {
                        "partner_latitude": result[0],
                        "partner_longitude": result[1],
                        "geo_source": "geocoded",
                        "date_localization": today,
                    }
                )
            else:
                # Tried and not found: not again until the address changes.
                partner.write({"date_localization": today})
        return stats
