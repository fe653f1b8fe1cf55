document.documentElement.dataset.self = 'ran';
