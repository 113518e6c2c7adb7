# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import Command, api, models

from .partner_warning_mixin import OVERRIDE_CONTEXT_KEY


class PartnerWarningMixin(models.AbstractModel):
    """Documents made from emails (Odoo's mail gateway, ``message_new``): the
    email of a blocked contact is kept, the document made without that contact
    and flagged for a salesperson, instead of being refused and bounced."""

    _inherit = "partner.warning.mixin"  # pylint: disable=consider-merging-classes-inherited

    def _partner_warning_strip(self, vals, partners, many2many=True):
        """``vals`` without ``partners`` in the partner fields that may be empty.

        :return: the new values, or None when a required field (or, unless
            ``many2many``, a many2many field) holds one of them
        """
        vals = dict(vals)
        for name in self._partner_warning_fields:
            field = self._fields[name]
            if field.comodel_name != "res.partner" or name not in vals:
                continue
            value = self.new({name: vals[name]})[name]._origin
            if not value & partners:
                continue
            if field.type == "many2one" and not field.required:
                vals[name] = False
            elif field.type == "many2many" and many2many:
                vals[name] = [Command.set((value - partners).ids)]
            else:
                return None
        return vals

    @api.model
    def _partner_warning_hold(self, vals_list):
        """Leave the blocked contacts out of documents made from emails.

        :return: (new vals_list, {index in vals_list: [(partner, message)]}) for
            the documents that lost a contact; a document whose blocked contact
            cannot be left out (a required field) stays as it is, and is refused.
        """
        if self.env.context.get(OVERRIDE_CONTEXT_KEY):
            return vals_list, {}
        new_records = self._partner_warning_new(vals_list)
        blocked = new_records._partner_warning_blocked()
        vals_list = list(vals_list)
        held = {}
        for index, record in enumerate(new_records):
            blocking = blocked.get(record)
            if not blocking or vals_list[index].get("warning_override_reason"):
                continue
            partners = self.env["res.partner"].union(*(p for p, *__ in blocking))
            stripped = self._partner_warning_strip(vals_list[index], partners._origin)
            if stripped is not None:
                vals_list[index] = stripped
                held[index] = blocking
        return vals_list, held

    def _partner_warning_hold_write(self, vals):
        """Values of a write made by the gateway, without the blocked contacts."""
        if self.env.context.get(OVERRIDE_CONTEXT_KEY):
            return vals
        blocked = self._partner_warning_new(
            [vals] * len(self), origins=self
        )._partner_warning_blocked()
        if not blocked:
            return vals
        partners = self.env["res.partner"].union(
            *(p for blocking in blocked.values() for p, *__ in blocking)
        )
        # A many2many command is relative to each record: not rewritten here.
        stripped = self._partner_warning_strip(vals, partners._origin, many2many=False)
        return vals if stripped is None else stripped

    def _partner_warning_responsible(self):
        """The user who must see a document made from a blocked contact's email."""
        self.ensure_one()
        return self["user_id"] if "user_id" in self._fields else self.env["res.users"]

    def _partner_warning_post_held(self, blocking):
        """Flag a document made from an email of a blocked contact: an internal
        note in its chatter and a to-do for its responsible."""
        self.ensure_one()
        warnings = "; ".join(
            self._partner_warning_line(partner, message, True, owner_id)
            for partner, message, owner_id in blocking
        )
        summary = self.env._("Email from a blocked contact")
        note = self.env._(
            "This document was made from an email of %(partners)s, under a "
            "blocking warning for %(documents)s (%(warnings)s): the contact was "
            "left out. Read the email in this chatter before answering.",
            partners=", ".join(p.name or p.display_name for p, *__ in blocking),
            documents=self._partner_warning_kind_label(),
            warnings=warnings,
        )
        record = self.sudo()
        record.message_post(body=note, subtype_xmlid="mail.mt_note")
        responsible = self._partner_warning_responsible()
        if responsible:
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=note,
                user_id=responsible.id,
            )
