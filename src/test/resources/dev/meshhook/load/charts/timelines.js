// Draws the verification report's timelines with uPlot (lib/uPlot.iife.min.js), from the JSON the
// report carries inline (ChartsHtml). Copied next to the report by ChartAssets, so the page opens
// from file:// with no network. Faults are shaded on every chart, under the lines.
(function () {
  "use strict";
  var COLORS = ["#0969da", "#bf8700", "#cf222e", "#1a7f37", "#8250df", "#57606a", "#e16f24", "#1b7c83"];
  var HEIGHT = 260;
  var source = document.getElementById("timelines-data");
  // The browser test reads these: every chart drawn, and how often fault bands were painted.
  window.meshhookCharts = [];
  if (!source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (typeof uPlot === "undefined") {
    console.error("timelines: uPlot did not load from lib/uPlot.iife.min.js");
    return;
  }

  // One x range for every chart, so a moment lines up from chart to chart.
  var end = 0;
  data.charts.forEach(function (c) { if (c.x.length) { end = Math.max(end, c.x[c.x.length - 1]); } });
  data.faults.forEach(function (f) { end = Math.max(end, f.to); });
  end = Math.max(end, 1);

  function faultBands(faults) {
    return {
      hooks: {
        drawClear: [function (u) {
          var ctx = u.ctx, left = u.bbox.left, right = u.bbox.left + u.bbox.width, minWidth = 2 * uPlot.pxRatio;
          ctx.save();
          ctx.font = (11 * uPlot.pxRatio) + "px system-ui, sans-serif";
          faults.forEach(function (f) {
            var x0 = Math.max(left, u.valToPos(f.from, "x", true));
            var x1 = Math.min(right, Math.max(u.valToPos(f.to, "x", true), x0 + minWidth));
            if (x1 <= x0) {
              return;
            }
            ctx.fillStyle = "rgba(207, 34, 46, 0.14)";
            ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
            ctx.fillStyle = "#a40e26";
            ctx.fillText(f.kind, x0 + 3 * uPlot.pxRatio, u.bbox.top + 12 * uPlot.pxRatio);
            u.faultBandsDrawn = (u.faultBandsDrawn || 0) + 1;
          });
          ctx.restore();
        }]
      }
    };
  }

  function options(c, width) {
    return {
      title: c.title,
      width: width,
      height: HEIGHT,
      plugins: data.faults.length ? [faultBands(data.faults)] : [],
      scales: {
        x: { time: false, range: [0, end] },
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } }
      },
      axes: [
        { label: "seconds since start (s)" },
        { label: c.unit, size: 60 }
      ],
      series: [{ label: "time (s)" }].concat(c.series.map(function (s, i) {
        return { label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false };
      }))
    };
  }

  data.charts.forEach(function (c) {
    var el = document.getElementById("chart-" + c.id);
    if (!el) {
      console.error("timelines: no element for chart " + c.id);
      return;
    }
    try {
      var plot = new uPlot(options(c, el.clientWidth || 900), [c.x].concat(c.series.map(function (s) { return s.values; })), el);
      plot.meshhookId = c.id;
      window.meshhookCharts.push(plot);
    } catch (e) {
      el.textContent = "chart could not be drawn: " + e;
      console.error("timelines: chart " + c.id + ": " + e);
    }
  });

  window.addEventListener("resize", function () {
    window.meshhookCharts.forEach(function (u) {
      u.setSize({ width: u.root.parentNode.clientWidth || 900, height: HEIGHT });
    });
  });
})();
