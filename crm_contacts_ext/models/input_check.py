# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Refuse bad input before the ORM turns it into a technical error.

Odoo's ORM converts the values of create / write with ``int()``, ``float()``, its
selection and date parsers, and lets PostgreSQL check ranges, foreign keys and NOT
NULL. A wrong value sent by RPC or an import therefore ends as a ``ValueError``, a
``TypeError`` or a psycopg2 error naming no field the user knows (and an ERROR in
the log). :func:`check_input` checks the values first and raises a
:class:`~odoo.exceptions.ValidationError` naming the field by its label and saying
what to give instead. It reads nothing for the values that are well typed, except
the many2one / many2many ids given, which are looked up with one query per comodel
and batch (none in superuser mode: code that runs as superuser passes ids it read).

Which fields are checked is derived from the models, not listed by hand: every field
of the addon's own models, and on Odoo's models the fields this addon defines or
extends (:func:`addon_fields`). The values are converted by Odoo's own
``Field.convert_to_cache``; only where Odoo converts silently what a user would not
mean (a text "12" or a float 3.7 into an integer, "yes" into True) is the type checked
here first.
"""

import datetime
import math
import weakref
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.models import BaseModel

#: the addon's technical name, as Odoo records it in Field._modules
ADDON = __name__.split(".")[2]
# PostgreSQL's "integer" column (Integer fields, ids).
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# Commands of x2many fields that name an existing record of the comodel.
ID_COMMANDS = {1, 2, 3, 4}
EMPTY = (None, False, "")
# Types whose empty value is 0 / False, never NULL.
NUMERIC = ("integer", "float", "monetary", "boolean")


_ADDON_FIELDS = weakref.WeakKeyDictionary()


def addon_fields(model):
    """Names of the fields of ``model`` that this addon defines or extends and that
    create / write may be given: stored ones, and computed ones with an inverse.

    :param model: a recordset of any model
    :return: set of field names
    """
    # Computed once per model class and set of fields (a registry's set-up
    # replaces both): contacts are checked on every create and write.
    cls = type(model)
    cached = _ADDON_FIELDS.get(cls)
    if cached is None or cached[0] is not cls._fields:
        cached = _ADDON_FIELDS[cls] = (
            cls._fields,
            frozenset(
                name
                for name, field in model._fields.items()
                if ADDON in (field._modules or ())
                and (field.store or field.inverse)
                and not field.related
            ),
        )
    return cached[1]


def _converts(model, field, value):
    """Whether Odoo's own conversion of the field accepts ``value``."""
    try:
        field.convert_to_cache(value, model, validate=True)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def _shown(value):
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _label(model, field):
    return field._description_string(model.env)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_id(value):
    return _is_int(value) and 0 < value <= INT_MAX


def _error(model, field, value, kind):
    label = _label(model, field)
    shown = _shown(value)
    if kind == "integer":
        message = model.env._(
            'The field "%(field)s" needs a whole number between %(min)s and '
            '%(max)s; "%(value)s" is not one.',
            field=label,
            min=INT_MIN,
            max=INT_MAX,
            value=shown,
        )
    elif kind == "float":
        message = model.env._(
            'The field "%(field)s" needs a number; "%(value)s" is not one.',
            field=label,
            value=shown,
        )
    elif kind == "text":
        message = model.env._(
            'The field "%(field)s" needs a text; "%(value)s" is not one.',
            field=label,
            value=shown,
        )
    elif kind == "boolean":
        message = model.env._(
            'The field "%(field)s" is a checkbox: give true or false, not "%(value)s".',
            field=label,
            value=shown,
        )
    elif kind == "date":
        message = model.env._(
            'The field "%(field)s" needs a date such as 2025-12-31 (with a time '
            'such as 2025-12-31 08:30:00 for a date and time); "%(value)s" is '
            "not one.",
            field=label,
            value=shown,
        )
    elif kind == "selection":
        message = model.env._(
            'The field "%(field)s" has no option "%(value)s": choose one of '
            "%(options)s.",
            field=label,
            value=shown,
            options=", ".join(f'"{key}"' for key in field.get_values(model.env) if key),
        )
    elif kind == "relational":
        message = model.env._(
            'The field "%(field)s" refers to a record that does not exist or that '
            'you may not use ("%(value)s"): choose another one.',
            field=label,
            value=shown,
        )
    else:  # required
        message = model.env._(
            'The field "%(field)s" is required: fill it in.',
            field=label,
        )
    return ValidationError(message)


def _bad_number(value):
    return (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not math.isfinite(value))
    )


# Type of field: (test of a bad value, kind of error message).
SIMPLE_CHECKS = {
    "integer": (lambda v: not _is_int(v) or not INT_MIN <= v <= INT_MAX, "integer"),
    "float": (_bad_number, "float"),
    "monetary": (_bad_number, "float"),
    "char": (lambda v: not isinstance(v, str), "text"),
    "text": (lambda v: not isinstance(v, str), "text"),
    "html": (lambda v: not isinstance(v, str), "text"),
    "binary": (lambda v: not isinstance(v, str | bytes), "text"),
    "boolean": (lambda v: not isinstance(v, bool) and v not in (0, 1), "boolean"),
}


def _check_value(model, field, value, ids_to_find):
    """Raise when ``value`` cannot be stored in ``field``; collect the ids to look
    up in ``ids_to_find`` ({comodel: {id: (field, value)}})."""
    ftype = field.type
    if isinstance(value, BaseModel) or value in EMPTY:  # 0 too: Odoo's empty id
        return
    if ftype in SIMPLE_CHECKS:
        is_bad, kind = SIMPLE_CHECKS[ftype]
        if is_bad(value) or not _converts(model, field, value):
            raise _error(model, field, value, kind)
    elif ftype in ("date", "datetime"):
        _check_date(model, field, value)
    elif ftype == "selection":
        # Odoo validates static selections only; a callable one is asked for its keys.
        if not isinstance(value, str) or (
            not _converts(model, field, value)
            if field._selection is not None
            else value not in field.get_values(model.env)
        ):
            raise _error(model, field, value, "selection")
    elif ftype == "many2one":
        if not is_id(value):
            raise _error(model, field, value, "relational")
        ids_to_find[field.comodel_name].setdefault(value, (field, value))
    elif ftype in ("one2many", "many2many"):
        _check_commands(model, field, value, ids_to_find)


def _check_date(model, field, value):
    if isinstance(value, datetime.date):  # datetime too; Odoo converts both
        return
    if not isinstance(value, str) or not _converts(model, field, value):
        raise _error(model, field, value, "date")


def _check_commands(model, field, value, ids_to_find):
    if not isinstance(value, list | tuple):
        raise _error(model, field, value, "relational")
    for command in value:
        if is_id(command):  # a plain list of ids, as Odoo also accepts
            ids_to_find[field.comodel_name].setdefault(command, (field, command))
            continue
        if (
            not isinstance(command, list | tuple)
            or not command
            or not _is_int(command[0])
            or not 0 <= command[0] <= 6
        ):
            raise _error(model, field, command, "relational")
        code = command[0]
        if code in (0, 1) and (len(command) < 3 or not isinstance(command[2], dict)):
            raise _error(model, field, command, "relational")
        if code in ID_COMMANDS:
            if len(command) < 2 or not is_id(command[1]):
                raise _error(model, field, command, "relational")
            if code == 4:
                ids_to_find[field.comodel_name].setdefault(
                    command[1], (field, command[1])
                )
        elif code == 6:
            ids = command[2] if len(command) > 2 else None
            if not isinstance(ids, list | tuple) or not all(map(is_id, ids)):
                raise _error(model, field, command, "relational")
            for id_ in ids:
                ids_to_find[field.comodel_name].setdefault(id_, (field, id_))


def _is_missing(model, field, vals):
    """Whether a create leaves the required ``field`` empty."""
    if field.type in NUMERIC:
        return False  # 0 is a value; the model may also compute it (rank)
    if field.name in vals:
        return vals[field.name] in EMPTY
    if field.default is not None or f"default_{field.name}" in model.env.context:
        return False
    if field.compute:
        # Computed from other values: missing when none of them is given.
        return not field.related and not any(
            vals.get(dep.split(".")[0]) for dep in model.pool.field_depends[field]
        )
    return True


def check_input(model, vals_list, fnames=None, create=False):
    """Raise a ValidationError naming the field when a value of ``vals_list``
    cannot be stored, before anything is written.

    :param model: the recordset the values are for (create: the empty model)
    :param vals_list: the values of create, or ``[vals]`` of write
    :param fnames: the fields checked (default: every field given); the models
        of Odoo pass the fields this addon adds
    :param create: also refuse the required fields left empty
    """
    checked = model._fields if fnames is None else fnames
    ids_to_find = defaultdict(dict)
    for vals in vals_list:
        for name, value in vals.items():
            field = model._fields.get(name)
            if field is None or name not in checked or field.related:
                continue
            if field.required and value in EMPTY and field.type not in NUMERIC:
                raise _error(model, field, value, "required")
            _check_value(model, field, value, ids_to_find)
        if create:
            for name in checked:
                field = model._fields[name]
                if field.required and _is_missing(model, field, vals):
                    raise _error(model, field, False, "required")
    if model.env.su:
        return
    for comodel_name, wanted in ids_to_find.items():
        comodel = model.env[comodel_name].with_context(active_test=False)
        found = _created_by_user_here(comodel, wanted)
        if len(found) < len(wanted):
            found |= set(comodel.search([("id", "in", list(wanted))]).ids)
        for id_, (field, value) in wanted.items():
            if id_ not in found:
                error = _error(model, field, value, "relational")
                if comodel.browse(id_).sudo().exists():
                    # Hidden by the record rules (another company, another
                    # salesperson's opportunity): an access matter.
                    raise AccessError(error.args[0])
                raise error


def _created_by_user_here(comodel, ids):
    """The ids among ``ids`` of records the current user created in this very
    transaction (their creation still in the cache): they exist, and the user
    was just allowed to create them, so they need no lookup (a contact created
    with its roles: issue 19)."""
    fields_ = comodel._fields
    if "create_date" not in fields_ or "create_uid" not in fields_:
        return set()
    cache, env = comodel.env.cache, comodel.env
    now = env.cr.now()
    created = set()
    for id_ in ids:
        record = comodel.browse(id_)
        if (
            cache.get(record, fields_["create_date"], None) == now
            and cache.get(record, fields_["create_uid"], None) == env.uid
        ):
            created.add(id_)
    return created


class InputCheckMixin(models.AbstractModel):
    """Every value of create / write checked before it is written (see above):
    all the fields of the addon's own models, required ones included; on Odoo's
    models inheriting it, the fields this addon adds to them."""

    _name = "input.check.mixin"
    _description = "Values checked before they are written"

    @api.model
    def _input_checked_fields(self):
        """None (every field) for the addon's own models, else the addon's fields."""
        if self._original_module == ADDON:
            return None
        return addon_fields(self)

    @api.model_create_multi
    def create(self, vals_list):
        checked = self._input_checked_fields()
        check_input(self, vals_list, checked, create=checked is None)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals], self._input_checked_fields())
        return super().write(vals)
