# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.sale.controllers import portal


class CustomerPortal(portal.CustomerPortal):
    @http.route()
    def portal_quote_accept(
        self, order_id, access_token=None, name=None, signature=None
    ):
        """A quotation blocked by a warning is not signed: the customer gets a
        neutral message (never the warning's internal text), the salesperson a
        to-do, and the quotation stays open to be signed once the block is lifted.
        """
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            order_sudo = None
        if order_sudo and order_sudo._partner_warning_blocked_online():
            order_sudo._partner_warning_alert_salesperson(
                request.env._(
                    "The customer tried to accept this quotation online; a blocking "
                    "warning on the contact stopped it. Contact the customer."
                )
            )
            return {"error": order_sudo._partner_warning_online_message()}
        return super().portal_quote_accept(
            order_id, access_token=access_token, name=name, signature=signature
        )
