declare module 'plotly.js-dist';
