/* viewflow's frontend (viewflow.min.js) writes a few words itself: the bulk selection
   count ("3 of 171 selected") and the date picker's month and day names. It reads them
   from Django's JavaScript catalogue when one is loaded (window.django.jsi18n_initialized)
   and falls back to English otherwise. This small catalogue gives it the Chinese words and
   the same date formats as its own fallback, so date fields read and write what they did
   (weeks start on Monday). Loaded on Chinese pages only, before viewflow.min.js. */
(function () {
  var words = {
    "%(sel)s of %(cnt)s selected": "已选 %(sel)s 项，共 %(cnt)s 项",
    "%(sel)s selected": "已选 %(sel)s 项",
    "January": "一月", "February": "二月", "March": "三月", "April": "四月",
    "May": "五月", "June": "六月", "July": "七月", "August": "八月",
    "September": "九月", "October": "十月", "November": "十一月", "December": "十二月"
  };
  var contextual = {};
  ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"].forEach(function (label, i) {
    var month = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][i];
    contextual["three letter " + month] = label;
  });
  ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"].forEach(function (day, i) {
    var one = "日一二三四五六"[i];
    contextual["one letter " + day] = one;
    contextual["three letter " + day] = "周" + one;
  });
  var formats = {
    DATETIME_FORMAT: "N j, Y, P", DATETIME_INPUT_FORMATS: ["%Y-%m-%d %H:%M:%S"],
    DATE_FORMAT: "N j, Y", DATE_INPUT_FORMATS: ["%Y-%m-%d"], DECIMAL_SEPARATOR: ".",
    FIRST_DAY_OF_WEEK: 1, MONTH_DAY_FORMAT: "F j", NUMBER_GROUPING: 3,
    SHORT_DATETIME_FORMAT: "m/d/Y P", SHORT_DATE_FORMAT: "m/d/Y", THOUSAND_SEPARATOR: ",",
    TIME_FORMAT: "P", TIME_INPUT_FORMATS: ["%H:%M:%S"], YEAR_MONTH_FORMAT: "F Y"
  };
  window.gettext = function (text) { return words[text] || text; };
  window.pgettext = function (context, text) { return contextual[context] || text; };
  window.get_format = function (name) { return name in formats ? formats[name] : name; };
  window.interpolate = function (fmt, obj, named) {
    if (named) {
      return fmt.replace(/%\(\w+\)s/g, function (match) { return String(obj[match.slice(2, -2)]); });
    }
    return fmt.replace(/%s/g, function () { return String(obj.shift()); });
  };
  window.django = window.django || {};
  window.django.jsi18n_initialized = true;
})();
