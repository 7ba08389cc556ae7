// Bar charts of a survey's results: the negative share of each question, and the grades of
// each appraised person. Data comes from the json_script element; no inline script (CSP).
(function () {
  "use strict";
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function draw() {
    var holder = document.getElementById("surveys-chart");
    var source = document.getElementById("surveys-chart-data");
    if (!holder || !source || !window.echarts) {
      if (holder) { holder.hidden = true; }
      return;
    }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(holder);
    var option;
    if (data.subjects.length) {
      var colours = ["#2e7d32", "#81c784", "#ffb74d", "#c62828"];
      option = {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { data: data.grades },
        grid: { left: 8, right: 16, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: data.subjects.map(function (s) { return s.label; }) },
        series: data.grades.map(function (grade, i) {
          return {
            name: grade, type: "bar", stack: "grades", itemStyle: { color: colours[i] },
            data: data.subjects.map(function (s) { return s.counts[i]; })
          };
        })
      };
      holder.style.height = Math.max(240, 40 * data.subjects.length + 80) + "px";
    } else {
      option = {
        tooltip: {
          trigger: "axis", axisPointer: { type: "shadow" },
          formatter: function (items) {
            var q = data.questions[items[0].dataIndex];
            return escape(q.label + ". " + q.text) + "<br>" + q.share + "%";
          }
        },
        grid: { left: 8, right: 16, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.questions.map(function (q) { return q.label; }) },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: [{
          type: "bar",
          data: data.questions.map(function (q) {
            return { value: q.share, itemStyle: { color: q.flagged ? "#c62828" : "#5b8def" } };
          })
        }]
      };
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
