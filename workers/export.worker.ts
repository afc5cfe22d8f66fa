// The export worker: model files and ONNX written off the page's thread (see exportHandlers).
import { serve } from '../src/protocol/rpc';
import type { ExportEvents, ExportRequests } from '../src/protocol/export';
import { exportHandlers } from './export/exportHandlers';

serve<ExportRequests, ExportEvents>(self, exportHandlers);
