# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


class ResPartner(models.Model):
    """The ranking of roles follows the people who hold them.

    A holder who leaves (archived, deleted, moved to another company) leaves no
    gap: the holders after it move up, so the company keeps a rank-1 holder.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        if not {"active", "parent_id", "is_company"} & set(vals):
            return super().write(vals)
        lines = self._held_role_lines()
        before = {(line.commercial_partner_id, line.role_id) for line in lines}
        res = super().write(vals)
        lines.flush_recordset(["commercial_partner_id"])
        after = {(line.commercial_partner_id, line.role_id) for line in lines}
        lines._close_up(before | after)
        return res

    def unlink(self):
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            return super().unlink()  # the addon's tables go away too
        lines = self._held_role_lines()
        keys = {(line.commercial_partner_id, line.role_id) for line in lines}
        res = super().unlink()
        # Their lines went with them (ON DELETE CASCADE): the others move up.
        self.env["res.partner.contact.role.line"].sudo()._close_up(keys)
        return res

    def _held_role_lines(self):
        """The role lines of these partners and of the people under them, whose
        company follows theirs (as superuser: the ranking is the whole company's)."""
        ids = [pid for pid in self._origin.ids if pid]
        if not ids:
            return self.env["res.partner.contact.role.line"]
        return (
            self.env["res.partner.contact.role.line"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "child_of", ids)])
        )
