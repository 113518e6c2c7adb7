import { onWillStart, toRaw, useEffect, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { getFieldsSpec } from "@web/model/relational_model/utils";
import { X2ManyField, x2ManyField } from "@web/views/fields/x2many/x2many_field";

// The context key a form puts on a list of one of its tabs: the server's
// web_read leaves the list empty (res.partner.web_read), and this widget reads
// its lines when the tab is opened. A contact card opens without the lines of
// its closed tabs (issue 19: the card read as fast as plain Odoo's).
export const LOAD_WHEN_SHOWN = "load_when_shown";

// The lists read by this widget, unproxied (a list object is replaced whenever
// its record is read again: after a save, a reload, another record of the pager).
const shownLists = new WeakSet();

export class LinesWhenShownField extends X2ManyField {
    setup() {
        super.setup();
        this.orm = useService("orm");
        // While the lines are read the list cannot be edited: an edit made
        // then would be on a list about to be replaced.
        this.loading = useState({ lines: false });
        // Before the tab's first rendering: no empty list shown first.
        onWillStart(() => this.loadLines());
        // After the record was read again while the tab is open.
        useEffect(
            () => {
                this.loadLines();
            },
            () => [this.props.record.data[this.props.name]]
        );
    }

    /**
     * Read the lines of the list, as the form would have read them without
     * LOAD_WHEN_SHOWN, into the record, as values read from the server (the
     * record is not made dirty; its other unsaved changes stay).
     */
    async loadLines() {
        const { record, name } = this.props;
        const list = toRaw(record.data[name]);
        if (!record.resId || record.isNew || shownLists.has(list)) {
            return;
        }
        const spec = getFieldsSpec(
            { [name]: record.activeFields[name] },
            record.fields,
            record.evalContext
        );
        delete spec[name].context?.[LOAD_WHEN_SHOWN];
        this.loading.lines = true;
        let values;
        try {
            [values] = await this.orm.webRead(record.resModel, [record.resId], {
                specification: spec,
                context: record.context,
            });
        } finally {
            this.loading.lines = false;
        }
        if (
            !values ||
            toRaw(record.data[name]) !== list ||
            name in toRaw(record)._changes
        ) {
            // The record was read again meanwhile (its turn will come), or its
            // list was edited: the user's edit is kept, never overwritten.
            return;
        }
        record._applyValues({ [name]: values[name] });
        shownLists.add(toRaw(record.data[name]));
    }

    get rendererProps() {
        const props = super.rendererProps;
        if (this.loading.lines && this.props.viewMode !== "kanban") {
            props.activeActions = { ...props.activeActions, create: false, delete: false };
            props.editable = false;
            props.onAdd = () => {};
        }
        return props;
    }
}

export const linesWhenShownField = {
    ...x2ManyField,
    component: LinesWhenShownField,
};

registry.category("fields").add("one2many_when_shown", linesWhenShownField);
