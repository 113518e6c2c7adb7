import { toRaw, useComponent, useEffect } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { MonetaryField, monetaryField } from "@web/views/fields/monetary/monetary_field";
import { StatInfoField, statInfoField } from "@web/views/fields/stat_info/stat_info_field";

// The figures of a card's buttons under "More": the server's web_read gives
// them as null in the card (res.partner.web_read, FIGURES_WHEN_SHOWN), not
// computed, and these widgets read them when their button is shown (issue 19: the card read as
// fast as plain Odoo's).

// The figures asked for at one read of a record, by the values object of that
// read (unproxied: a record's values object is replaced when it is read again,
// after a save, a reload). The buttons under "More" appear together: one
// request reads all their figures.
const batches = new WeakMap();
// The figures already asked for at that read: a button shown again while its
// figure is read (More closed and opened) asks for nothing more.
const asked = new WeakMap();

function readFigure(orm, record, name) {
    const raw = toRaw(record);
    const values = raw._values;
    if (!asked.has(values)) {
        asked.set(values, new Set());
    }
    if (asked.get(values).has(name)) {
        return;
    }
    asked.get(values).add(name);
    let batch = batches.get(values);
    if (!batch || batch.sent) {
        batch = { names: new Set(), sent: false };
        batches.set(values, batch);
        // After the widgets shown in the same rendering have asked.
        Promise.resolve().then(async () => {
            batch.sent = true;
            const names = [...batch.names];
            const [read] = await orm.webRead(record.resModel, [record.resId], {
                specification: Object.fromEntries(names.map((n) => [n, {}])),
                context: record.context,
            });
            if (read && raw._values === values) {
                // Else the record was read again meanwhile: its figures will
                // be asked for again.
                record._applyValues(Object.fromEntries(names.map((n) => [n, read[n]])));
            }
        });
    }
    batch.names.add(name);
}

function isUnread(record, name) {
    return record.data[name] === null || record.data[name] === undefined;
}

/**
 * When the field's widget is shown, and after each read of its record, read its
 * figure if the record came without it (null).
 */
function useFigureWhenShown() {
    const component = useComponent();
    // The service itself, not useService's: a read asked for by a widget that
    // is gone when it returns (More closed meanwhile) is still applied, and the
    // widget shown again in its place does not ask for it twice.
    const orm = component.env.services.orm;
    useEffect(
        (resId) => {
            const { record, name } = component.props;
            if (resId && !record.isNew && isUnread(record, name)) {
                readFigure(orm, record, name);
            }
        },
        // Its record and each read of it (a save, a reload, a discard keeps
        // the figure read).
        () => [component.props.record.resId, toRaw(component.props.record)._values]
    );
}

export class StatInfoWhenShownField extends StatInfoField {
    setup() {
        super.setup();
        useFigureWhenShown();
    }

    get formattedValue() {
        // Nothing, rather than a 0 that is not the figure, while it is read.
        if (isUnread(this.props.record, this.props.name)) {
            return "";
        }
        return super.formattedValue;
    }
}

export class MonetaryWhenShownField extends MonetaryField {
    setup() {
        super.setup();
        useFigureWhenShown();
    }

    get formattedValue() {
        if (isUnread(this.props.record, this.props.name)) {
            return "";
        }
        return super.formattedValue;
    }
}

registry.category("fields").add("statinfo_when_shown", {
    ...statInfoField,
    component: StatInfoWhenShownField,
});
registry.category("fields").add("monetary_when_shown", {
    ...monetaryField,
    component: MonetaryWhenShownField,
});
