# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

OVERRIDE_GROUP = "crm_contacts_ext.group_warning_override"
# Context key: the reason given to go through a blocking warning (RPC, scripts).
OVERRIDE_CONTEXT_KEY = "warning_override_reason"
# Set by the mail gateway (message_new of the documents): a blocked contact is
# left out of the document created from an email, which is flagged for a
# salesperson, instead of the email being refused and bounced. Kept on the
# cursor for the time of the call (_partner_warning_holding), not in the
# context: an RPC client sending it had its documents made without their
# blocked contacts, and unflagged.
HOLD_KEY = "partner_warning.hold_blocked"


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
    # The same warnings as data, for the onchange:
    # [[partner id, message, blocking, id of the warning's contact]]
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
                    record._partner_warning_line(partner, message, blocking, owner_id)
                    for partner, message, blocking, __, owner_id in warnings
                )
                or False
            )
            record.partner_warning_blocking = any(w[2] for w in warnings)
            record.partner_warning_items = [
                [partner._origin.id, message, blocking, owner_id]
                for partner, message, blocking, __, owner_id in warnings
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
        if self.env.cr.cache.get(HOLD_KEY):
            vals_list, held = self._partner_warning_hold(vals_list)
        new_records = self._partner_warning_new(vals_list)
        overrides = new_records._partner_warning_verify()
        vals_list = new_records._partner_warning_keep_computed(vals_list)
        records = super().create(vals_list)
        saved = dict(zip(new_records._ids, records, strict=True))
        records._partner_warning_post_overrides(
            [(saved[new.id], *override) for new, *override in overrides]
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
        if self.env.cr.cache.get(HOLD_KEY):
            vals = self._partner_warning_hold_write(vals)
        # Checked on the new values before they reach the cache, hence the
        # database: nothing is written for a refused change.
        new_records = self._partner_warning_new([vals] * len(self), origins=self)
        overrides = new_records._partner_warning_verify()
        res = super().write(vals)
        self._partner_warning_post_overrides(
            [(record._origin, *override) for record, *override in overrides]
        )
        return res

    @api.model
    @contextmanager
    def _partner_warning_holding(self):
        """Within the block (the mail gateway's call), documents are made and
        changed without their blocked contacts, and those made are flagged for
        their responsible (partner_warning_hold), instead of being refused.

        The state lives on the cursor, for this call only: not in the context,
        which an RPC client may send, nor in the transaction's precommit data,
        which any savepoint clears. Odoo's account keeps its recursion guard
        there too (account.move._disable_recursion).
        """
        cache = self.env.cr.cache
        outer = cache.get(HOLD_KEY, 0)
        cache[HOLD_KEY] = outer + 1
        try:
            yield
        finally:
            cache[HOLD_KEY] = outer

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

    def _partner_warning_get(self):
        """Warnings in force on each record's partners, with one SQL query.

        :return: {record: [(partner, message, blocking, warning id, id of the
            warning's contact: the partner's or its company's), ...]}
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
                for (
                    warning_id,
                    message,
                    blocking,
                    warning_company_id,
                    owner_id,
                ) in found.get(partner._origin.id, ()):
                    if warning_company_id:
                        if company_id is None:
                            company_id = record._partner_warning_company()._origin.id
                        if company_id and warning_company_id != company_id:
                            continue
                    warnings.append((partner, message, blocking, warning_id, owner_id))
            if warnings:
                result[record] = warnings
        return result

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

    def _partner_warning_blocked(self, warnings_by_record=None):
        """{record: [(partner, message, id of the warning's contact), ...]} of the
        blocking warnings in force.

        :param warnings_by_record: the result of ``_partner_warning_get`` when
            the caller already has it
        """
        if warnings_by_record is None:
            warnings_by_record = self._partner_warning_get()
        blocked = {}
        for record, warnings in warnings_by_record.items():
            blocking = [
                (p, msg, owner_id)
                for p, msg, is_blocking, __, owner_id in warnings
                if is_blocking
            ]
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

        :return: the overrides to post, [(record, [(partner, message)], reason,
            ids of the blocking warnings)]
        :raise UserError: when a record is blocked and not overridden; the
            warnings that blocked are marked so, though the refusal rolls back
        """
        if not self or not self._partner_warning_kind:
            return []
        warnings_by_record = self._partner_warning_get()
        blocked = self._partner_warning_blocked(warnings_by_record)
        if not blocked:
            return []
        # A company's warning may come through several of its contacts.
        warning_ids = {
            record: list(
                dict.fromkeys(w[3] for w in warnings_by_record[record] if w[2])
            )
            for record in blocked
        }
        context_reason = self.env.context.get(OVERRIDE_CONTEXT_KEY)
        may_override = self._partner_warning_may_override()
        errors = []
        overrides = []
        for record, blocking in blocked.items():
            reason = context_reason or (
                may_override and record.sudo().warning_override_reason
            )
            if may_override and reason:
                overrides.append((record, blocking, reason, warning_ids[record]))
                continue
            errors.extend(
                record._partner_warning_line(partner, message, True, owner_id)
                for partner, message, owner_id in blocking
            )
        if errors:
            self.env["res.partner.warning"]._mark_blocked_after_rollback(
                list({wid for record in blocked for wid in warning_ids[record]})
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
                    "This cannot be done:\n%(warnings)s\n\nChoose another "
                    "contact, or ask a member of the group “Override blocking "
                    "warnings” to go through with a reason.",
                    warnings="\n".join(errors),
                )
            )
        return overrides

    def _partner_warning_post_overrides(self, overrides):
        """Post each override on the document, and on the contact of each
        warning gone through (which keeps that it has blocked)."""
        for record, blocking, reason, warning_ids in overrides:
            warnings = self.env["res.partner.warning"].sudo().browse(warning_ids)
            warnings._mark_blocked()
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
                        "document": record._get_html_link(),
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
                        record._partner_warning_line(partner, message, True, owner_id)
                        for partner, message, owner_id in blocking
                    ),
                    reason=reason,
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
