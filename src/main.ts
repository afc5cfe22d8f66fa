import { mount } from 'svelte';
import App from './App.svelte';
import { preloadPlotlyWhenIdle } from './ui/charts/plotly';
import './ui/common/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page is missing its #app element.');

const app = mount(App, { target });
// Charts open without a stall: Plotly is evaluated once the page is idle after its first paint.
preloadPlotlyWhenIdle();

export default app;
