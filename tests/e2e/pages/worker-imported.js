self.importedFrom = 'worker-imported.js';
