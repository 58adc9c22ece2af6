// The manifest's function file: the add-in's only command opens the task pane, so it just tells Office it is ready.
// (A bundle rather than an inline script, so the backend's Content-Security-Policy can forbid inline scripts.)
import { whenOfficeReady } from '../office/host';

void whenOfficeReady();
