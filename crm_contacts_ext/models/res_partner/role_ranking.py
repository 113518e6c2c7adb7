# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class ResPartner(models.Model):
    """The ranking of roles follows the people who hold them.

    A holder who leaves (archived, deleted, moved to another company) leaves no
    gap: ranks are counted from the lines present (see
    res.partner.contact.role.line), so the holders after it move up and the
    company keeps a rank-1 holder. Someone back from archiving comes after the
    current holders.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        if not {"active", "parent_id", "is_company"} & set(vals):
            return super().write(vals)
        back = (
            self.filtered(lambda partner: not partner.active)
            if vals.get("active")
            else self.browse()
        )
        res = super().write(vals)
        if back:
            lines = back.sudo().with_context(active_test=False).role_line_ids
            for line in lines:
                line._append()
        self.env["res.partner.contact.role.line"]._invalidate_ranks()
        return res

    def unlink(self):
        res = super().unlink()
        # Their lines went with them (ON DELETE CASCADE): the others move up.
        self.env["res.partner.contact.role.line"]._invalidate_ranks()
        return res
