/**
 * Renderer entry: mounts the app and connects the store to the engine's events.
 */
import './services/zod-without-eval.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app.tsx';
import { onConnected, subscribe } from './services/api.ts';
import { useStore } from './store/index.ts';
import './styles.css';

const { loadAppInfo, loadDevices, loadJobs, loadSettings, loadClone, loadFleet, applyDevicesChanged, applyJobEvent, applyCloneChanged, applyFleetChanged } = useStore.getState();
subscribe('devices:changed', applyDevicesChanged);
subscribe('jobs:event', applyJobEvent);
subscribe('clone:changed', applyCloneChanged);
subscribe('fleet:changed', applyFleetChanged);
onConnected(() => {
  void loadDevices();
  void loadJobs();
  void loadAppInfo();
  void loadSettings();
  void loadClone();
  void loadFleet();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
