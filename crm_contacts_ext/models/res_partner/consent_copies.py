# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """Consent comes only from a real grant, whatever path makes the contact.

    A copy (Duplicate, *Copy to* another company, an import creating contacts
    from an export) is another contact, who agreed to nothing: it starts with
    consent Unknown and no event. An import never turns a withdrawal back into
    a grant: that takes a new event with its proof.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Stored and editable, Odoo would copy the box, and ticking it records a
    # "Granted" event nobody gave.
    allow_communication = fields.Boolean(copy=False)

    @api.model
    def load(self, fields, data):
        """Imports: see ``create`` and ``write``; the result says which new
        contacts' consent was left out."""
        Partner = self.with_context(consent_import=True)
        result = super(ResPartner, Partner).load(fields, data)
        skipped = self.env.cr.cache.pop("consent_not_imported", [])
        if skipped and result.get("ids"):
            result["messages"].append(
                {
                    "type": "warning",
                    "field": "allow_communication",
                    "message": self.env._(
                        'The field "Authorised to receive communications" was not '
                        "imported for the new contacts %(names)s: a contact copied "
                        "from a file has given no consent yet. Record their consent "
                        "with its proof (Consent button) when they give it.",
                        names=", ".join(skipped),
                    ),
                }
            )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("consent_import"):
            return super().create(vals_list)
        vals_list = [dict(vals) for vals in vals_list]
        skipped = self.env.cr.cache.setdefault("consent_not_imported", [])
        for vals in vals_list:
            # The consent events of the exported contact prove nothing for this
            # new one: neither the box nor a copy of the history is imported.
            vals.pop("consent_ids", None)
            if vals.pop("allow_communication", None):
                skipped.append(str(vals.get("name") or ""))
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("consent_import") and vals.get("allow_communication"):
            withdrawn = self.filtered(lambda p: p.consent_state == "withdrawn")
            if withdrawn:
                raise UserError(
                    self.env._(
                        'The field "Authorised to receive communications" cannot '
                        "grant consent again by import to %(names)s, who withdrew "
                        "it: record their new consent with its proof (Consent "
                        "button on the contact) instead.",
                        names=", ".join(withdrawn.mapped("display_name")),
                    )
                )
        return super().write(vals)
