# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

OVERRIDE_GROUP = "crm_contacts_ext.group_warning_override"
# Context key: the reason given to go through a blocking warning (RPC, scripts).
OVERRIDE_CONTEXT_KEY = "warning_override_reason"
# Context key set by the mail gateway (message_new of the documents): a blocked
# contact is left out of the document created from an email, which is flagged for
# a salesperson, instead of the email being refused and bounced.
HOLD_CONTEXT_KEY = "partner_warning_hold_blocked"


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
                    for partner, message, blocking in warnings
                )
                or False
            )
            record.partner_warning_blocking = any(w[2] for w in warnings)
            record.partner_warning_items = [
                [partner._origin.id, message, blocking]
                for partner, message, blocking in warnings
            ] or False

    @api.model_create_multi
    def create(self, vals_list):
        # Also covers copy() and the documents Odoo generates from others
        # (quotation from an opportunity, invoice from an order, credit notes,
        # occurrences of recurring events, leads and invoices from emails).
        # The check runs on the values, before the INSERT: a caller that catches
        # the error and commits (Odoo's mail fetcher does) keeps no row.
        self._partner_warning_check_reason_access(vals_list)
        if not self._partner_warning_kind:
            return super().create(vals_list)
        held = {}
        if self.env.context.get(HOLD_CONTEXT_KEY):
            vals_list, held = self._partner_warning_hold(vals_list)
        new_records = self._partner_warning_new(vals_list)
        overrides = new_records._partner_warning_verify()
        vals_list = new_records._partner_warning_keep_computed(vals_list)
        records = super().create(vals_list)
        saved = dict(zip(new_records._ids, records, strict=True))
        records._partner_warning_post_overrides(
            [(saved[new.id], blocking, reason) for new, blocking, reason in overrides]
        )
        for index, blocking in held.items():
            records[index]._partner_warning_post_held(blocking)
        return records

    def write(self, vals):
        if not (
            self._partner_warning_kind
            and vals.keys() & self._partner_warning_write_triggers()
        ):
            return super().write(vals)
        if self.env.context.get(HOLD_CONTEXT_KEY):
            vals = self._partner_warning_hold_write(vals)
        # Checked on the new values before they reach the cache, hence the
        # database: nothing is written for a refused change.
        new_records = self._partner_warning_new([vals] * len(self), origins=self)
        overrides = new_records._partner_warning_verify()
        res = super().write(vals)
        self._partner_warning_post_overrides(
            [
                (record._origin, blocking, reason)
                for record, blocking, reason in overrides
            ]
        )
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

        :return: {record: [(partner, message, blocking), ...]}
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
            if not any(partner._origin.id in found for partner in partners):
                continue
            # The document's company only when a warning is limited to one: on
            # unsaved documents (checked before the INSERT) it is computed from
            # their salesperson or team, a query each.
            company_id = None
            warnings = []
            for partner in partners:
                for __, message, blocking, warning_company_id in found.get(
                    partner._origin.id, ()
                ):
                    if warning_company_id:
                        if company_id is None:
                            company_id = record._partner_warning_company()._origin.id
                        if company_id and warning_company_id != company_id:
                            continue
                    warnings.append((partner, message, blocking))
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

    def _partner_warning_value_fields(self):
        """Fields whose values decide the check: given to the unsaved records
        built before the INSERT (see _partner_warning_new)."""
        return {name.split(".")[0] for name in self._partner_warning_depends()}

    def _partner_warning_keep_computed(self, vals_list):
        """The values of create with what the check already computed on these
        unsaved records (``_partner_warning_carried_fields``), so that the
        create does not compute it a second time.

        :return: a new list of values, in the order of ``vals_list``
        """
        fields = [self._fields[name] for name in self._partner_warning_carried_fields()]
        if not fields:
            return vals_list
        result = []
        for record, vals in zip(self, vals_list, strict=True):
            vals = dict(vals)
            for field in fields:
                if field.name not in vals and self.env.cache.contains(record, field):
                    vals[field.name] = field.convert_to_write(
                        record[field.name], record
                    )
            result.append(vals)
        return result

    def _partner_warning_carried_fields(self):
        """Fields computed by the check on unsaved records that the create may
        take as given (computed the same way from the same values)."""
        return ()

    def _partner_warning_new(self, vals_list, origins=None):
        """Unsaved records holding what create / write would store, to check the
        warnings before anything reaches the database.

        :param vals_list: the values of create, or of write (one per record)
        :param origins: the records written, or None for a create
        :return: new records, in the order of ``vals_list``
        """
        # The override reason given with the values counts, as after a save.
        names = self._partner_warning_value_fields() | {"warning_override_reason"}
        defaults = {}
        new_ids = []
        for index, vals in enumerate(vals_list):
            values = {name: vals[name] for name in names if name in vals}
            if origins is None:
                missing = tuple(sorted(names - values.keys()))
                if missing and missing not in defaults:
                    defaults[missing] = self.default_get(list(missing))
                values = {**defaults.get(missing, {}), **values}
                new_ids.extend(self.new(values)._ids)
            else:
                new_ids.extend(self.new(values, origin=origins[index])._ids)
        return self.browse(new_ids)

    def _partner_warning_blocked(self):
        """{record: [(partner, message), ...]} of the blocking warnings in force."""
        blocked = {}
        for record, warnings in self._partner_warning_get().items():
            blocking = [(p, msg) for p, msg, is_blocking in warnings if is_blocking]
            if blocking:
                blocked[record] = blocking
        return blocked

    def _partner_warning_check(self):
        """Refuse the whole batch if one record's partner is blocked.

        Members of the override group go through when they gave a reason (in the
        context key ``warning_override_reason`` or the document's "Override reason"
        field); the override and the reason are posted in the chatter.

        :raise UserError: naming the blocked contacts and the warnings' messages
            (a neutral message for portal and public users)
        """
        self._partner_warning_post_overrides(self._partner_warning_verify())

    def _partner_warning_verify(self):
        """The check of :meth:`_partner_warning_check`, without writing anything:
        works on unsaved records too.

        :return: the overrides to post, [(record, [(partner, message)], reason)]
        :raise UserError: when a record is blocked and not overridden
        """
        if not self or not self._partner_warning_kind:
            return []
        blocked = self._partner_warning_blocked()
        if not blocked:
            return []
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
        if errors and self.env.user.share:
            # Portal and public users (also when Odoo runs their request in
            # sudo) never read a warning: it is internal to the seller.
            raise UserError(
                self.env._(
                    "This cannot be done online at the moment. Please contact "
                    "your salesperson."
                )
            )
        if errors:
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
        return overrides

    def _partner_warning_post_overrides(self, overrides):
        for record, blocking, reason in overrides:
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

    # ------------------------------------------------------------------
    # Mail gateway: keep the email, leave the blocked contact out
    # ------------------------------------------------------------------

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
            partners = self.env["res.partner"].union(*(p for p, __ in blocking))
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
            *(p for blocking in blocked.values() for p, __ in blocking)
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
            self._partner_warning_line(partner, message, True)
            for partner, message in blocking
        )
        summary = self.env._("Email from a blocked contact")
        note = self.env._(
            "This document was made from an email of %(partners)s, under a "
            "blocking warning for %(documents)s (%(warnings)s): the contact was "
            "left out. Read the email in this chatter before answering.",
            partners=", ".join(p.display_name for p, __ in blocking),
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
