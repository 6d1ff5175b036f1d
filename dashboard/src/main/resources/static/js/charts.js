// Draws every <canvas data-chart="..."> with Chart.js. The same numbers are in the table next to
// each chart, so the page reads without JavaScript; this only adds the picture.
(function () {
  "use strict";
  var palette = ["#1f6feb", "#d97706", "#b91c1c", "#059669", "#7c3aed"];

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(canvas.dataset.chart);
    canvas.dataset.drawn = "true";
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          var color = palette[i % palette.length];
          return {
            label: s.label,
            data: s.values,
            borderColor: color,
            backgroundColor: spec.type === "bar" ? color + "99" : color,
            spanGaps: true,
            tension: 0.2
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          title: { display: false },
          legend: { display: spec.series.length > 1 }
        },
        scales: {
          x: { title: { display: true, text: spec.xTitle } },
          y: { beginAtZero: true, title: { display: true, text: spec.yTitle } }
        }
      }
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawAll(e.target); });
  // fired on content htmx has just put in the page (also when it replaced the element it polled)
  document.addEventListener("htmx:load", function (e) { drawAll(e.target); });
})();
