/*global CalendarNamespace, DateTimeShortcuts*/
/*
Django's admin calendar (calendar.js, DateTimeShortcuts.js) on Thai pages: months headed with
their BE year ("พฤศจิกายน 2569"), and the picked day or "วันนี้" written as dd/mm/BE-year, the
way staff type dates and the server reads them (thai/forms.py ThaiDateField). Loaded after
Django's two scripts by ThaiDateWidget's Media, before the page's load event builds the
calendars, so the replaced functions are the ones the calendars use.
*/
'use strict';
{
    const BE_OFFSET = 543;
    const FIRST_BE_YEAR = 2400;
    const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

    const onThaiPage = document.documentElement.lang.toLowerCase().startsWith('th');

    function pad(number) {
        return String(number).padStart(2, '0');
    }

    function beDate(date) {
        return pad(date.getDate()) + '/' + pad(date.getMonth() + 1) + '/' + (date.getFullYear() + BE_OFFSET);
    }

    function write(num, date) {
        const input = DateTimeShortcuts.calendarInputs[num];
        input.value = beDate(date);
        input.dispatchEvent(new Event('change', {bubbles: true}));
        input.focus();
        DateTimeShortcuts.dismissCalendar(num);
    }

    if (onThaiPage && window.CalendarNamespace && window.DateTimeShortcuts) {
        const draw = CalendarNamespace.draw;
        CalendarNamespace.draw = function(month, year, divId, callback, selected) {
            draw.call(this, month, year, divId, callback, selected);
            const caption = document.querySelector('#' + divId + ' caption');
            caption.textContent = CalendarNamespace.monthsOfYear[month - 1] + ' ' + (parseInt(year, 10) + BE_OFFSET);
        };

        DateTimeShortcuts.handleCalendarCallback = function(num) {
            return function(year, month, day) {
                write(num, new Date(year, month - 1, day));
            };
        };

        DateTimeShortcuts.handleCalendarQuickLink = function(num, offset) {
            const date = DateTimeShortcuts.now();
            date.setDate(date.getDate() + offset);
            write(num, date);
        };

        // Django reads the field's year as CE and would open the calendar in year 2568 CE:
        // open it at the month of the BE date in the field instead.
        const openCalendar = DateTimeShortcuts.openCalendar;
        DateTimeShortcuts.openCalendar = function(num) {
            openCalendar.call(this, num);
            const typed = DAY_MONTH_YEAR.exec(DateTimeShortcuts.calendarInputs[num].value.trim());
            if (!typed) {
                return;
            }
            const day = parseInt(typed[1], 10);
            const month = parseInt(typed[2], 10);
            const year = parseInt(typed[3], 10);
            if (year >= FIRST_BE_YEAR && month >= 1 && month <= 12) {
                const ceYear = year - BE_OFFSET;
                DateTimeShortcuts.calendars[num].drawDate(month, ceYear, new Date(Date.UTC(ceYear, month - 1, day)));
            }
        };
    }
}
