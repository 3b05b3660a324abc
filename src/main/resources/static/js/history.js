// The nightly page's row-count chart, drawn from the page's JSON endpoint. The same figures are in
// the table beside it, for screen readers and for a browser without scripts.
(function () {
  // The newest nights are the ones people come for: show them first when the calendar scrolls.
  var calendar = document.querySelector('.calendar-wrap');
  if (calendar) {
    calendar.scrollLeft = calendar.scrollWidth;
  }
  var canvas = document.getElementById('rows-chart');
  if (!canvas || typeof Chart === 'undefined') {
    return;
  }
  fetch(canvas.getAttribute('data-rows-url'), {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin'
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error('rows.json answered ' + response.status);
      }
      return response.json();
    })
    .then(function (figures) {
      var chart = new Chart(canvas, {
        type: 'line',
        data: {
          labels: figures.nights,
          datasets: figures.series.map(function (s) {
            return { label: s.dataSet, data: s.rowsRead, spanGaps: true, pointRadius: 2 };
          })
        },
        options: {
          // Drawn at once: a page that moves by itself is harder to read.
          animation: false,
          maintainAspectRatio: false,
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: {
              title: { display: true, text: 'Night' },
              ticks: { autoSkip: true, maxRotation: 0, maxTicksLimit: 10 }
            },
            y: { beginAtZero: true, title: { display: true, text: 'Rows read' } }
          }
        }
      });
      canvas.setAttribute('data-drawn', String(chart.data.datasets.length));
    })
    .catch(function (problem) {
      canvas.setAttribute('data-problem', String(problem));
    });
})();
