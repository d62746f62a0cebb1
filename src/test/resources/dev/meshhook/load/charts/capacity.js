// Draws the stress report's capacity charts with uPlot (lib/uPlot.iife.min.js) from the JSON the
// report carries inline (CapacityCharts): throughput and p99 against the offered rate, and the
// Universal Scalability Law's curve over the measured points. Each chart drawn is pushed onto
// window.meshhookCharts, like the timelines, for the browser test to read.
(function () {
  "use strict";
  var HEIGHT = 280;
  var source = document.getElementById("capacity-data");
  window.meshhookCharts = window.meshhookCharts || [];
  if (!source) {
    return;
  }
  if (typeof uPlot === "undefined") {
    console.error("capacity: uPlot did not load from lib/uPlot.iife.min.js");
    return;
  }
  var data = JSON.parse(source.textContent);
  var upFromZero = function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; };
  var dots = { show: true, size: 8 };

  function draw(id, opts, columns) {
    var el = document.getElementById(id);
    if (!el) {
      console.error("capacity: no element for chart " + id);
      return;
    }
    try {
      opts.width = el.clientWidth || 900;
      opts.height = HEIGHT;
      var plot = new uPlot(opts, columns, el);
      plot.meshhookId = id;
      window.meshhookCharts.push(plot);
    } catch (e) {
      el.textContent = "chart could not be drawn: " + e;
      console.error("capacity: chart " + id + ": " + e);
    }
  }

  var o = data.offered;
  draw("capacity-offered", {
    title: "Throughput and webhook p99 against offered rate",
    scales: { x: { time: false }, y: { range: upFromZero }, ms: { range: upFromZero } },
    axes: [
      { label: "offered rate (webhooks/s)" },
      { label: "per second (/s)", size: 60 },
      { label: "p99 (ms)", scale: "ms", side: 1, grid: { show: false }, size: 60 }
    ],
    series: [
      { label: "offered (/s)" },
      { label: "runs completed (/s)", stroke: "#0969da", width: 2, points: dots },
      { label: "webhooks accepted (/s)", stroke: "#1a7f37", width: 1.5, dash: [6, 4], points: dots },
      { label: "webhook p99 (ms)", scale: "ms", stroke: "#cf222e", width: 1.5, points: dots }
    ]
  }, [o.x, o.completed, o.accepted, o.p99]);

  var u = data.usl;
  draw("capacity-usl", {
    title: "Universal Scalability Law over the stable steps (" + u.verdict + ")",
    scales: { x: { time: false }, y: { range: upFromZero } },
    axes: [
      { label: "runs in flight (Little's law)" },
      { label: "runs completed (/s)", size: 60 }
    ],
    series: [
      { label: "in flight" },
      { label: "USL model (/s)", stroke: "#8250df", width: 2, spanGaps: true, points: { show: false } },
      { label: "measured (/s)", stroke: "#0969da", paths: function () { return null; }, points: dots }
    ]
  }, [u.x, u.model, u.measured]);
})();
