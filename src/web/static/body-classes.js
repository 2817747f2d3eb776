// Runs first in <body>: the NHS components style and initialise themselves only under these classes.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
