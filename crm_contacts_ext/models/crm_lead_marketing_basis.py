# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models, tools

BASIS_FIELDS = ("partner_id", "company_id")


class CrmLead(models.Model):
    """An opportunity or an inquiry gives its contact's company an implied
    consent for a few months (CASL s. 10(10)(c))."""

    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        self._partner_sync("basis", leads.partner_id)
        return leads

    def write(self, vals):
        if not self._basis_write_triggers() & set(vals):
            return super().write(vals)
        before = {lead.id: (lead.partner_id, lead.company_id) for lead in self}
        res = super().write(vals)
        # The company may have changed through its computation, never in vals.
        moved = self.filtered(
            lambda lead: before[lead.id] != (lead.partner_id, lead.company_id)
        )
        if moved:
            partners = moved.partner_id.union(*(before[lead.id][0] for lead in moved))
            self._partner_sync("basis", partners)
        return res

    @api.model
    @tools.ormcache()
    def _basis_write_triggers(self):
        """The fields whose writing may change a lead's contact or company:
        those two, and those Odoo computes the company from, directly or not
        (salesperson, team, and the type the team follows). Found once per
        registry from its field dependencies.

        :rtype: frozenset of field names
        """
        names, todo = set(), list(BASIS_FIELDS)
        while todo:
            name = todo.pop()
            if name in names:
                continue
            names.add(name)
            field = self._fields[name]
            if field.compute:
                todo.extend(
                    path.split(".")[0] for path in self.pool.field_depends[field]
                )
        return frozenset(names)

    def unlink(self):
        partners = self.partner_id
        res = super().unlink()
        self._partner_sync("basis", partners.exists())
        return res
