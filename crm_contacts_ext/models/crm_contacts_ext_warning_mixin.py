# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

OVERRIDE_GROUP = "crm_contacts_ext.group_warning_override"
# Context key: the reason given to go through a blocking warning (RPC, scripts).
OVERRIDE_CONTEXT_KEY = "warning_override_reason"


class PartnerWarningMixin(models.AbstractModel):
    """Documents that the contacts' warnings (res.partner.warning) apply to.

    The rule lives in create / write / copy (copy goes through create) and in the
    confirm / post methods of the documents, so that it holds for the web client,
    RPC, imports and the documents Odoo generates. The onchange only spares the
    user a refused save.
    """

    _name = "partner.warning.mixin"
    _description = "Document checked against its contacts' warnings"
    # Field of res.partner.warning saying the warning applies to this kind.
    _partner_warning_kind = None
    # Fields that hold the partners checked, written to trigger a new check.
    _partner_warning_fields = ("partner_id",)

    partner_warning_banner = fields.Text(
        string="Contact warning",
        compute="_compute_partner_warning_banner",
        help="Messages of the warnings in force on the contact of this document.",
    )
    partner_warning_blocking = fields.Boolean(
        string="Blocked by a warning",
        compute="_compute_partner_warning_banner",
    )
    # The same warnings as data, for the onchange: [[partner id, message, blocking]]
    partner_warning_items = fields.Json(
        compute="_compute_partner_warning_banner", export_string_translation=False
    )
    warning_override_reason = fields.Char(
        string="Override reason",
        copy=False,
        groups=OVERRIDE_GROUP,
        help="Why this document goes through the blocking warning of its contact. "
        "Posted in the chatter.",
    )

    @api.depends(lambda self: self._partner_warning_depends())
    def _compute_partner_warning_banner(self):
        warnings_by_record = self._partner_warning_get()
        for record in self:
            warnings = warnings_by_record.get(record, [])
            record.partner_warning_banner = (
                "\n".join(
                    record._partner_warning_line(partner, message, blocking)
                    for partner, message, blocking, __ in warnings
                )
                or False
            )
            record.partner_warning_blocking = any(w[2] for w in warnings)
            record.partner_warning_items = [
                [partner._origin.id, message, blocking]
                for partner, message, blocking, __ in warnings
            ] or False

    @api.model_create_multi
    def create(self, vals_list):
        # Also covers copy() and the documents Odoo generates from others
        # (quotation from an opportunity, invoice from an order, credit notes,
        # occurrences of recurring events, leads from emails).
        self._partner_warning_check_reason_access(vals_list)
        records = super().create(vals_list)
        records._partner_warning_check()
        return records

    def write(self, vals):
        res = super().write(vals)
        if vals.keys() & self._partner_warning_write_triggers():
            self._partner_warning_check()
        return res

    # ------------------------------------------------------------------
    # Hooks of the documents
    # ------------------------------------------------------------------

    def _partner_warning_write_triggers(self):
        """Fields whose change can bring the document under another warning."""
        return {name.split(".")[0] for name in self._partner_warning_depends()} - {
            "company_id"
        }

    def _partner_warning_depends(self):
        return list(self._partner_warning_fields) + ["company_id"]

    def _partner_warning_applies(self):
        """Whether the contacts' warnings concern this document at all."""
        self.ensure_one()
        return True

    def _partner_warning_partners(self):
        """The partners whose warnings apply to this document."""
        self.ensure_one()
        return self.partner_id

    def _partner_warning_company(self):
        self.ensure_one()
        return self.company_id

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _partner_warning_get(self):
        """Warnings in force on each record's partners, with one SQL query.

        :return: {record: [(partner, message, blocking, warning id), ...]}
        """
        partners_by_record = {
            record: record._partner_warning_partners()
            for record in self
            if record._partner_warning_applies()
        }
        all_partners = self.env["res.partner"].union(*partners_by_record.values())
        if not all_partners:
            return {}
        found = self.env["res.partner.warning"]._get_applicable(
            all_partners, self._partner_warning_kind
        )
        result = {}
        for record, partners in partners_by_record.items():
            company_id = record._partner_warning_company()._origin.id
            warnings = [
                (partner, message, blocking, warning_id)
                for partner in partners
                for warning_id, message, blocking, warning_company_id in found.get(
                    partner._origin.id, ()
                )
                if not warning_company_id
                or not company_id
                or warning_company_id == company_id
            ]
            if warnings:
                result[record] = warnings
        return result

    def _partner_warning_line(self, partner, message, blocking):
        if blocking:
            return self.env._(
                "%(partner)s is blocked: %(message)s",
                partner=partner.display_name,
                message=message,
            )
        return self.env._(
            "Warning on %(partner)s: %(message)s",
            partner=partner.display_name,
            message=message,
        )

    def _partner_warning_kind_label(self):
        field = self.env["res.partner.warning"]._fields[self._partner_warning_kind]
        return field._description_string(self.env)

    def _partner_warning_may_override(self):
        return self.env.user.has_group(OVERRIDE_GROUP)

    @api.model
    def _partner_warning_check_reason_access(self, vals_list):
        """Odoo checks the fields' groups on write, not on create: do it here, so
        that only the group gives an override reason, whatever the way."""
        if (
            any(vals.get("warning_override_reason") for vals in vals_list)
            and not self.env.su
            and not self._partner_warning_may_override()
        ):
            raise AccessError(
                self.env._(
                    "Only the members of the group “Override blocking warnings” "
                    "may fill the field “Override reason”: leave it empty."
                )
            )

    def _partner_warning_check(self):
        """Refuse the whole batch if one record's partner is blocked.

        Members of the override group go through when they gave a reason (in the
        context key ``warning_override_reason`` or the document's "Override reason"
        field); the override and the reason are posted in the chatter.
        """
        if not self or not self._partner_warning_kind:
            return
        blocked = {}
        warning_ids = {}
        for record, warnings in self._partner_warning_get().items():
            blocking = [(p, msg) for p, msg, is_blocking, __ in warnings if is_blocking]
            if blocking:
                blocked[record] = blocking
                # A company's warning may come through several of its contacts.
                warning_ids[record] = list(
                    dict.fromkeys(w[3] for w in warnings if w[2])
                )
        if not blocked:
            return
        context_reason = self.env.context.get(OVERRIDE_CONTEXT_KEY)
        may_override = self._partner_warning_may_override()
        errors = []
        overrides = []
        for record, blocking in blocked.items():
            reason = context_reason or (
                may_override and record.sudo().warning_override_reason
            )
            if may_override and reason:
                overrides.append((record, blocking, reason))
                continue
            errors.extend(
                record._partner_warning_line(partner, message, True)
                for partner, message in blocking
            )
        Warning = self.env["res.partner.warning"]
        if errors:
            # Kept as having blocked, though the refusal rolls everything back.
            Warning._mark_blocked_after_rollback(
                list({wid for record in blocked for wid in warning_ids[record]})
            )
            errors = list(dict.fromkeys(errors))
            raise UserError(
                self.env._(
                    "This cannot be done, a contact is under a blocking warning "
                    "for %(documents)s:\n%(warnings)s\n\nChoose another contact, "
                    "or ask a member of the group “Override blocking warnings” to "
                    "go through with a reason.",
                    documents=self._partner_warning_kind_label(),
                    warnings="\n".join(errors),
                )
            )
        for record, blocking, reason in overrides:
            warnings = Warning.browse(warning_ids[record]).sudo()
            warnings._mark_blocked()
            record_link = record._get_html_link()
            for warning in warnings:
                warning.partner_id._message_log(
                    body=Markup(
                        self.env._(
                            "Blocking warning “%(message)s” overridden by %(user)s "
                            "on %(document)s. Reason: %(reason)s"
                        )
                    )
                    % {
                        "message": warning.message,
                        "user": self.env.user.name,
                        "document": record_link,
                        "reason": reason,
                    },
                    author_id=self.env.user.partner_id.id,
                )
            record.sudo().message_post(
                body=self.env._(
                    "Blocking warning overridden by %(user)s (%(warnings)s). "
                    "Reason: %(reason)s",
                    user=self.env.user.name,
                    warnings="; ".join(
                        record._partner_warning_line(partner, message, True)
                        for partner, message in blocking
                    ),
                    reason=reason,
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )

    def _partner_warning_onchange(self, field_name):
        """Comfort of the form: warn at once, and empty a blocked choice.

        Members of the override group keep their choice; they must fill the
        "Override reason" to save.
        """
        # Computed with the form's banner: no second query.
        Partner = self.env["res.partner"]
        warnings = [
            (Partner.browse(partner_id), message, blocking)
            for partner_id, message, blocking in self.partner_warning_items or ()
        ]
        if not warnings:
            return None
        blocked = Partner.union(
            *(partner for partner, __, blocking in warnings if blocking)
        )
        may_override = self._partner_warning_may_override()
        message = "\n".join(
            self._partner_warning_line(partner, msg, blocking)
            for partner, msg, blocking in warnings
        )
        field = self._fields[field_name]
        if blocked and may_override:
            message += "\n\n" + self.env._(
                "You may go through by giving an override reason on the document."
            )
        elif blocked & self[field_name]._origin:
            if field.type == "many2many":
                self[field_name] = self[field_name].filtered(
                    lambda partner: partner._origin not in blocked
                )
            else:
                self[field_name] = False
            message += "\n\n" + self.env._(
                "The field “%(field)s” was emptied: choose another contact.",
                field=field._description_string(self.env),
            )
        elif blocked:
            message += "\n\n" + self.env._("This document cannot be saved as it is.")
        return {
            "warning": {
                "title": self.env._("Contact warning"),
                "message": message,
                "type": "dialog",
            }
        }
