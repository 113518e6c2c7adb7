# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The note meant for the customer (OpenFire "Notes client: affichées dans la
rubrique note client des devis et planning d'intervention"), kept apart from
Odoo's internal ``comment``.
"""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    customer_note = fields.Text(
        help="Printed on the quotations and orders of this customer, shown on "
        "their portal quotation and with their appointments. Unlike the internal "
        "notes, the customer reads it.",
    )

    def _customer_note_text(self):
        """The customer notes that apply to this contact: its company's
        (commercial partner's) note, then its own when it has one.

        :return: the notes, one paragraph each, or ``""`` when there is none
        :rtype: str
        """
        self.ensure_one()
        notes = (self.commercial_partner_id | self).mapped("customer_note")
        return "\n\n".join(note.strip() for note in notes if note and note.strip())
