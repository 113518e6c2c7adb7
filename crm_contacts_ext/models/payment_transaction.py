# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """Leave a quotation blocked by a warning unconfirmed when it is paid.

        Odoo confirms the quotation of a captured payment in the transactions'
        post-processing (a scheduled action, retried for days): a refusal there
        would fail at every run and leave the payment unprocessed. The quotation
        stays as it is, and its salesperson gets a to-do to confirm it with an
        override reason, or to refund the customer.

        :return: the confirmed sales orders, as Odoo's
        """
        blocked = self.filtered(
            lambda tx: (
                len(tx.sale_order_ids) == 1
                and tx.sale_order_ids._partner_warning_blocked_online()
            )
        )
        for tx in blocked:
            tx.sale_order_ids._partner_warning_alert_salesperson(
                self.env._(
                    "Paid online (%(reference)s), but a blocking warning on the "
                    "contact stops the confirmation: confirm the order with an "
                    "override reason, or refund the customer.",
                    reference=tx.reference,
                )
            )
        return super(
            PaymentTransaction, self - blocked
        )._check_amount_and_confirm_order()
