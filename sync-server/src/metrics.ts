import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus registry served at `/metrics`. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const connectionsGauge = new Gauge({
  name: 'piao_connections',
  help: 'Connessioni WebSocket aperte',
  registers: [registry],
});

export const roomsLoadedGauge = new Gauge({
  name: 'piao_rooms_loaded',
  help: 'Stanze (documenti) caricate in memoria',
  registers: [registry],
});

export const updatesStoredCounter = new Counter({
  name: 'piao_updates_stored_total',
  help: 'Aggiornamenti Yjs salvati nel log durevole',
  registers: [registry],
});

export const bytesStoredCounter = new Counter({
  name: 'piao_bytes_stored_total',
  help: 'Byte di aggiornamenti Yjs salvati nel log durevole',
  registers: [registry],
});

export const commitLatency = new Histogram({
  name: 'piao_commit_seconds',
  help: 'Durata di un commit di gruppo del log durevole',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [registry],
});

export const storageWritableGauge = new Gauge({
  name: 'piao_storage_writable',
  help: "1 quando l'archivio accetta scritture, 0 dopo un commit fallito (es. disco pieno) finché non torna a funzionare",
  registers: [registry],
});
storageWritableGauge.set(1);

export const rejectedCounter = new Counter({
  name: 'piao_rejected_total',
  help: 'Connessioni o messaggi rifiutati, per motivo',
  labelNames: ['reason'] as const,
  registers: [registry],
});
